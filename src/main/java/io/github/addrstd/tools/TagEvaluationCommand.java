package io.github.addrstd.tools;

import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.DjlOffline;

import org.apache.flink.util.ParameterTool;

import java.nio.file.Path;
import java.util.List;

/**
 * Element-level tagging quality on a CoNLL-style annotated file, through the job's own tagging
 * path.
 *
 * <pre>
 * bin/evaluate-tags [--input ../shared/data/naacl2019-chinese-address/dev.txt] [--model-dir model/default]
 *                   [--precision AUTO|FP32|INT8] [--from N] [--to M] [--examples 20] [--batch 64]
 *                   [--as-forms SEED] [--in-traditional]
 * </pre>
 *
 * {@code --from}/{@code --to} select addresses by position (the default model was selected on the
 * dev split's first 2,000 addresses; {@code --from 2000} is the part never used for that). {@code
 * --as-forms SEED} writes every address inside a delivery form or chat message with a made-up
 * recipient and phone number first ({@link FormWrapping}), as people paste them; {@code
 * --in-traditional} writes them in traditional characters ({@link TraditionalWriting}).
 */
public final class TagEvaluationCommand {

    private TagEvaluationCommand() {}

    public static void main(String[] args) throws Exception {
        DjlOffline.unlessConfigured();
        ParameterTool params = ParameterTool.fromArgs(args);
        Path input = Path.of(params.get("input", ConllCorpus.NAACL_DEV_SPLIT.toString()));
        int from = params.getInt("from", 0);
        List<ConllCorpus.Address> corpus =
                ConllCorpus.slice(
                        ConllCorpus.read(input), from, params.getInt("to", Integer.MAX_VALUE));
        int to = from + corpus.size();
        boolean asForms = params.has("as-forms");
        if (asForms) {
            corpus = FormWrapping.wrap(corpus, params.getLong("as-forms"));
        }
        boolean inTraditional = params.has("in-traditional");
        if (inTraditional) {
            corpus = TraditionalWriting.of(corpus);
        }
        long started = System.nanoTime();
        try (DjlAddressTagger tagger =
                JobTagger.builder(Path.of(params.get("model-dir", "model/default")))
                        .optPadMultiple(params.getInt("pad-multiple", 0))
                        .optPrecision(params.getConfiguration().get(AddressJobOptions.PRECISION))
                        .optCpuThreads(params.getConfiguration().get(AddressJobOptions.CPU_THREADS))
                        .build()) {
            TagEvaluation.Report report =
                    TagEvaluation.evaluate(tagger, corpus, params.getInt("batch", 64));
            System.out.printf(
                    "model %s (%s, pad multiple %d), %s, addresses %d..%d%s%s, %.1f s%n",
                    tagger.modelVersion(),
                    tagger.modelFileName(),
                    tagger.padMultiple(),
                    input,
                    from,
                    to,
                    asForms ? " in forms (seed " + params.get("as-forms") + ")" : "",
                    inTraditional ? " in traditional characters" : "",
                    (System.nanoTime() - started) / 1e9);
            report.print(System.out, params.getInt("examples", 20));
        }
    }
}
