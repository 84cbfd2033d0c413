package io.github.addrstd.tools;

import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.DjlOffline;
import io.github.addrstd.sink.DeadLetterSerializationSchema;
import io.github.addrstd.sink.StandardizedRecordSerializationSchema;
import io.github.addrstd.source.RecordValidator;
import io.github.addrstd.standardize.Gazetteer;
import io.github.addrstd.standardize.RecordStandardizer;
import io.github.addrstd.standardize.Standardizer;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Standardizes addresses given as arguments, or one a line on stdin, and prints one output record
 * (or dead letter) per address as JSON Lines: the job's own steps (validation, the shared tagger,
 * the standardizer, the sinks' JSON writers) without Kafka and Flink around them.
 *
 * <pre>
 * bin/standardize '朝阳区望京SOHO塔3 B座1201' '浙江省杭州市余杭区五常街道文一西路969号'
 * bin/standardize --degraded &lt; addresses.txt     # gazetteer only
 * bin/standardize --model-dir DIR --pretty ...
 * java ... StandardizeCommand --input FILE       # one address a line
 * </pre>
 */
public final class StandardizeCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StandardizeCommand() {}

    public static void main(String[] args) throws Exception {
        DjlOffline.unlessConfigured();
        List<String> addresses = new ArrayList<>();
        Path modelDir = Path.of("model/default");
        boolean degraded = false;
        boolean pretty = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model-dir" -> modelDir = Path.of(args[++i]);
                case "--degraded" -> degraded = true;
                case "--pretty" -> pretty = true;
                case "--input" ->
                        addresses.addAll(
                                Files.readAllLines(Path.of(args[++i]), StandardCharsets.UTF_8)
                                        .stream()
                                        .filter(line -> !line.isBlank())
                                        .toList());
                default -> addresses.add(args[i]);
            }
        }
        if (addresses.isEmpty() && !Arrays.asList(args).contains("--input")) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    addresses.add(line);
                }
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (degraded) {
            run(addresses, null, out, pretty);
        } else {
            try (AddressTagger tagger = JobTagger.builder(modelDir).build()) {
                run(addresses, tagger, out, pretty);
            }
        }
    }

    /**
     * Standardizes {@code addresses}; {@code tagger == null} runs the gazetteer-only degraded mode.
     */
    static void run(List<String> addresses, AddressTagger tagger, PrintStream out, boolean pretty)
            throws Exception {
        RecordValidator validator = new RecordValidator(RecordLimits.DEFAULTS);
        List<AddressRequest> requests = new ArrayList<>();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            byte[] value =
                    JSON.writeValueAsBytes(
                            Map.of("id", "cli-" + (i + 1), "address", addresses.get(i)));
            RecordValidator.Result result =
                    validator.validate(
                            new RawAddressRecord(
                                    null, value, "cli", 0, i, System.currentTimeMillis()));
            requests.add(result.request());
            lines.add(
                    result.deadLetter() == null
                            ? null
                            : DeadLetterSerializationSchema.toJson(
                                    result.deadLetter(), RecordLimits.DEFAULTS));
        }
        List<String> texts =
                requests.stream().filter(r -> r != null).map(AddressRequest::address).toList();
        List<TaggingOutcome> outcomes = new ArrayList<>();
        if (tagger != null) {
            outcomes.addAll(BatchTagging.tagAll(tagger, texts, 64, "tagging"));
        }
        RecordStandardizer standardizer =
                new RecordStandardizer(new Standardizer(Gazetteer.getDefault()));
        int next = 0;
        for (int i = 0; i < requests.size(); i++) {
            AddressRequest request = requests.get(i);
            if (request == null) {
                continue;
            }
            TaggedAddress tagged =
                    tagger == null
                            ? new TaggedAddress(
                                    request,
                                    TaggingOutcome.failure(
                                            FailureReason.MODEL_UNAVAILABLE,
                                            "--degraded: the gazetteer only"),
                                    "")
                            : new TaggedAddress(
                                    request, outcomes.get(next++), tagger.modelVersion());
            RecordStandardizer.Result result =
                    standardizer.standardize(tagged, System.currentTimeMillis());
            lines.set(
                    i,
                    result.deadLetter() != null
                            ? DeadLetterSerializationSchema.toJson(
                                    result.deadLetter(), RecordLimits.DEFAULTS)
                            : StandardizedRecordSerializationSchema.toJson(result.record()));
        }
        for (byte[] line : lines) {
            out.println(
                    pretty
                            ? JSON.writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(JSON.readTree(line))
                            : new String(line, StandardCharsets.UTF_8));
        }
    }
}
