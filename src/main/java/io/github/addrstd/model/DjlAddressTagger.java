package io.github.addrstd.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.github.addrstd.event.FailureReason;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The MGeo tagger on DJL's PyTorch engine: one TorchScript model and one {@link Predictor} on one
 * device. DJL predictors are not thread-safe, so {@link #tag} is synchronized; in the job only the
 * micro-batcher's worker thread calls it.
 *
 * <p>A batch that fails (CUDA out of memory above all) is split in halves and retried, down to single
 * records, so only the records that fail on their own are reported as failed.
 */
public final class DjlAddressTagger implements AddressTagger {

    private static final Logger LOG = LoggerFactory.getLogger(DjlAddressTagger.class);

    private final ModelDirectory directory;
    private final Device device;
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<List<String>, TaggedBatch> model;
    private final Predictor<List<String>, TaggedBatch> predictor;
    private final TaggerListener listener;

    private DjlAddressTagger(Builder b) throws IOException, ModelNotFoundException, MalformedModelException {
        this.directory = b.directory;
        this.device = b.device;
        this.listener = b.listener;
        int maxLength = directory.metadata().maxSequenceLength();
        this.tokenizer =
                HuggingFaceTokenizer.builder()
                        .optTokenizerPath(directory.tokenizerFile())
                        .optAddSpecialTokens(true)
                        .optTruncation(true)
                        .optMaxLength(maxLength)
                        .optPadding(false)
                        .build();
        AddressTaggingTranslator translator =
                new AddressTaggingTranslator(
                        tokenizer, directory.labels(), maxLength, b.padMultiple, directory.padId(),
                        b.pipelineCompatibleScores);
        String fileName = directory.modelFile().getFileName().toString();
        Criteria<List<String>, TaggedBatch> criteria =
                Criteria.builder()
                        .setTypes(listOfStrings(), TaggedBatch.class)
                        .optEngine("PyTorch")
                        .optModelPath(directory.path())
                        .optModelName(fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName)
                        .optDevice(device)
                        .optOption("mapLocation", "true")
                        .optTranslator(translator)
                        .build();
        ZooModel<List<String>, TaggedBatch> loaded = criteria.loadModel();
        try {
            this.model = loaded;
            this.predictor = loaded.newPredictor();
            checkOutputWidth();
        } catch (RuntimeException e) {
            loaded.close();
            tokenizer.close();
            throw e;
        }
        LOG.info("Loaded model {} {} on {}", directory.metadata().name(), modelVersion(), device);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One probe forward pass: a model whose output width differs from labels.txt fails here. */
    private void checkOutputWidth() {
        try {
            predictor.predict(List.of("浙江省杭州市"));
        } catch (TranslateException | RuntimeException e) {
            throw new ModelDirectory.InvalidModelException(
                    "probe inference with " + directory.modelFile() + " failed; check that it takes "
                            + "(input_ids, attention_mask) and returns [batch, seq, " + directory.labels().size()
                            + "] logits (labels.txt): " + rootMessage(e), e);
        }
    }

    @Override
    public synchronized List<TaggingOutcome> tag(List<String> addresses) {
        List<TaggingOutcome> out = new ArrayList<>(addresses.size());
        tagInto(addresses, out);
        return out;
    }

    private void tagInto(List<String> addresses, List<TaggingOutcome> out) {
        try {
            TaggedBatch batch = predictor.predict(addresses);
            listener.onForwardPass(addresses.size(), batch.paddedLength(), batch.realTokens());
            for (TaggingResult r : batch.results()) {
                out.add(TaggingOutcome.success(r));
            }
        } catch (TranslateException | RuntimeException e) {
            boolean oom = isOutOfMemory(e);
            if (oom) {
                listener.onOutOfMemory(addresses.size());
                releaseCachedDeviceMemory();
            }
            if (addresses.size() == 1) {
                LOG.warn("Model failed on a single record: {}", rootMessage(e));
                out.add(TaggingOutcome.failure(
                        oom ? FailureReason.MODEL_OUT_OF_MEMORY : FailureReason.MODEL_FAILED, rootMessage(e)));
                return;
            }
            listener.onBatchSplit(addresses.size());
            int half = addresses.size() / 2;
            tagInto(addresses.subList(0, half), out);
            tagInto(addresses.subList(half, addresses.size()), out);
        }
    }

    private void releaseCachedDeviceMemory() {
        if (device.isGpu()) {
            try {
                JniUtils.emptyCudaCache();
            } catch (RuntimeException e) {
                LOG.debug("emptyCudaCache failed", e);
            }
        }
    }

    static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (t instanceof OutOfMemoryError
                    || (t instanceof EngineException || t instanceof TranslateException)
                            && message != null
                            && message.toLowerCase(Locale.ROOT).contains("out of memory")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    @Override
    public String modelVersion() {
        return directory.metadata().version();
    }

    @Override
    public int maxSequenceLength() {
        return directory.metadata().maxSequenceLength();
    }

    /** NDArrays still attached to the model's manager: constant across batches when nothing leaks. */
    int liveNdArrays() {
        return model.getNDManager().getManagedArrays().size();
    }

    public Device device() {
        return device;
    }

    @Override
    public synchronized void close() {
        predictor.close();
        model.close();
        tokenizer.close();
        LOG.info("Closed model {} on {}", modelVersion(), device);
    }

    @SuppressWarnings("unchecked")
    private static Class<List<String>> listOfStrings() {
        return (Class<List<String>>) (Class<?>) List.class;
    }

    /** Builder: {@code setModelDirectory} is required, the rest optional. */
    public static final class Builder {
        private ModelDirectory directory;
        private Device device = Device.cpu();
        private int padMultiple = 8;
        private boolean pipelineCompatibleScores;
        private TaggerListener listener = TaggerListener.NONE;

        public Builder setModelDirectory(ModelDirectory directory) {
            this.directory = directory;
            return this;
        }

        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Pad batches to a multiple of this length, so the engine sees few distinct shapes. */
        public Builder optPadMultiple(int padMultiple) {
            if (padMultiple < 1) {
                throw new IllegalArgumentException("padMultiple must be at least 1, was " + padMultiple);
            }
            this.padMultiple = padMultiple;
            return this;
        }

        /** Score chunks like the official pipeline's {@code prob} (quirk Q5) instead of word means. */
        public Builder optPipelineCompatibleScores(boolean enabled) {
            this.pipelineCompatibleScores = enabled;
            return this;
        }

        public Builder optListener(TaggerListener listener) {
            this.listener = listener;
            return this;
        }

        public DjlAddressTagger build() {
            if (directory == null) {
                throw new IllegalStateException("setModelDirectory(...) is required");
            }
            try {
                return new DjlAddressTagger(this);
            } catch (IOException | ModelNotFoundException | MalformedModelException e) {
                throw new ModelDirectory.InvalidModelException(
                        "cannot load model from " + directory.path() + ": " + e.getMessage(), e);
            }
        }
    }
}
