package io.github.addrstd.model;

import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.text.PlaceNames;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The MGeo tagger on DJL's PyTorch engine: one TorchScript model on one device, and one {@link
 * Predictor} per concurrent caller (DJL predictors are not thread-safe; the model and the tokenizer
 * are shared). In the job the micro-batcher's {@code batch.concurrency} workers call {@link #tag}:
 * in front of a GPU one worker tokenizes its batch while the other's runs on the device; on a CPU
 * each keeps about one core busy.
 *
 * <p>A batch that fails (CUDA out of memory above all) is split in halves and retried, down to
 * single records, so only the records that fail on their own are reported as failed.
 */
public final class DjlAddressTagger implements AddressTagger {

    private static final Logger LOG = LoggerFactory.getLogger(DjlAddressTagger.class);

    /**
     * One more forward pass on the 2-core CPU costs about as much as 64 tokens of a batch (batch 1
     * at about 2 ms against about 0.02-0.03 ms a token at batch 64; model/README.md).
     */
    static final int DEFAULT_CPU_PASS_OVERHEAD_TOKENS = 64;

    /**
     * Pad multiple on a GPU: fp16 matrix units work on tiles of 8, and few shapes keep the engine's
     * specialized kernels few.
     */
    public static final int DEFAULT_GPU_PAD_MULTIPLE = 8;

    /**
     * Pad multiple on a CPU: none. A CPU pays for every padded token and gains nothing from tile
     * sizes, and the batcher's length-aware grouping can only pay off without it. Measured on the
     * 2-core machine (README, "Benchmarks"): the job's batches went from 0.86 to 0.97 real tokens
     * of those computed, and its model passes from 914 to 843 µs of CPU a record (medians).
     */
    public static final int DEFAULT_CPU_PAD_MULTIPLE = 1;

    /**
     * One intra-op thread a forward pass on a CPU: the batcher's workers run passes side by side,
     * and with libtorch's default (a thread per core) every pass's threads wait on each other and
     * on the rest of the job. Measured on the 2-core machine with the int8 model (README,
     * "Benchmarks"): the model alone is faster with one (1.6x at one caller and batch 64, 3-5x for
     * a lone address), the whole job as fast at saturation.
     */
    public static final int DEFAULT_CPU_THREADS = 1;

    /** DJL's own setting of the same, read when its PyTorch engine starts. */
    static final String DJL_NUM_THREADS = "ai.djl.pytorch.num_threads";

    private final ModelDirectory directory;
    private final Device device;
    private final int padMultiple;
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<List<String>, ForwardPassOutput> model;

    /** Predictors not in use; a caller takes one, or creates one when none is idle. */
    private final ConcurrentLinkedQueue<Predictor<List<String>, ForwardPassOutput>> idlePredictors =
            new ConcurrentLinkedQueue<>();

    private final List<Predictor<List<String>, ForwardPassOutput>> predictors =
            new CopyOnWriteArrayList<>();

    /** Calls hold it shared; close holds it exclusively, so it waits for running calls. */
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();

    private boolean closed;
    private final TaggerListener listener;
    private final boolean graphOptimizer;
    private final LengthBuckets lengthBuckets;
    private final int passOverheadTokens;
    private final String modelFileName;
    private final PlaceNames placeNames;

    private DjlAddressTagger(Builder b)
            throws IOException, ModelNotFoundException, MalformedModelException {
        this.directory = b.directory;
        this.placeNames = b.placeNames;
        this.device = b.device;
        this.listener = b.listener;
        this.graphOptimizer = b.graphOptimizer;
        this.padMultiple = padMultipleFor(device, b.padMultiple);
        int maxLength = directory.metadata().maxSequenceLength();
        this.passOverheadTokens =
                b.passOverheadTokens >= 0
                        ? b.passOverheadTokens
                        : device.isGpu() ? 0 : DEFAULT_CPU_PASS_OVERHEAD_TOKENS;
        // Passes are cut by the same padded length the batcher's token budget counts.
        this.lengthBuckets = new LengthBuckets(this::estimateTokens, maxLength, passOverheadTokens);
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
                        tokenizer,
                        directory.labels(),
                        maxLength,
                        padMultiple,
                        directory.padId(),
                        directory.metadata().labelDecoding(),
                        directory.metadata().elementRules(),
                        b.pipelineCompatibleScores);
        Path modelFile = modelFileFor(directory, device, b.precision);
        if (!runsOn(b.precision, device)) {
            LOG.warn(
                    "{} was requested but the model runs on {}; using fp32 ({})",
                    b.precision,
                    device,
                    b.precision == Precision.FP16
                            ? "half precision is GPU-only"
                            : "dynamic int8 quantization runs on CPUs only");
        }
        String fileName = modelFile.getFileName().toString();
        this.modelFileName = fileName;
        Criteria<List<String>, ForwardPassOutput> criteria =
                Criteria.builder()
                        .setTypes(listOfStrings(), ForwardPassOutput.class)
                        .optEngine("PyTorch")
                        .optModelPath(directory.path())
                        .optModelName(
                                fileName.endsWith(".pt")
                                        ? fileName.substring(0, fileName.length() - 3)
                                        : fileName)
                        .optDevice(device)
                        .optOption("mapLocation", "true")
                        .optTranslator(translator)
                        .build();
        ZooModel<List<String>, ForwardPassOutput> loaded = criteria.loadModel();
        try {
            this.model = loaded;
            applyCpuThreads(b.cpuThreads);
            checkOutputWidth();
        } catch (RuntimeException e) {
            loaded.close();
            tokenizer.close();
            throw e;
        }
        LOG.info(
                "Loaded model {} {} ({}) on {}",
                directory.metadata().name(),
                modelVersion(),
                fileName,
                device);
    }

    /**
     * Sets libtorch's intra-op threads (process-wide; libtorch keeps one setting per process) for a
     * model on the CPU, unless {@value #DJL_NUM_THREADS} was given, which DJL has already applied.
     */
    private void applyCpuThreads(int threads) {
        if (threads > 0 && !device.isGpu() && System.getProperty(DJL_NUM_THREADS) == null) {
            JniUtils.setNumThreads(threads);
        }
    }

    /**
     * The model file for this device and precision; a precision the device cannot run falls back to
     * fp32. Shared taggers are keyed by it, so AUTO and INT8 on a CPU load one model.
     */
    public static Path modelFileFor(ModelDirectory directory, Device device, Precision precision) {
        if (!runsOn(precision, device)) {
            return directory.modelFile();
        }
        return switch (precision) {
            case AUTO ->
                    device.isGpu()
                            ? directory.modelFile()
                            : directory.modelFileInt8().orElse(directory.modelFile());
            case FP16 -> required(directory, directory.modelFileFp16(), "fp16");
            case INT8 -> required(directory, directory.modelFileInt8(), "int8");
            case FP32 -> directory.modelFile();
        };
    }

    /** fp16 runs on GPUs only, dynamic int8 on CPUs only; AUTO and FP32 anywhere. */
    private static boolean runsOn(Precision precision, Device device) {
        return switch (precision) {
            case FP16 -> device.isGpu();
            case INT8 -> !device.isGpu();
            case AUTO, FP32 -> true;
        };
    }

    private static Path required(ModelDirectory directory, Optional<Path> copy, String precision) {
        return copy.orElseThrow(
                () ->
                        new ModelDirectory.InvalidModelException(
                                precision
                                        + " was requested but "
                                        + directory.path()
                                        + " has no model_file_"
                                        + precision
                                        + "; create one with model/tools/to_"
                                        + precision
                                        + ".py "
                                        + directory.path()));
    }

    /** Numeric precision of the model's weights and activations. */
    public enum Precision {
        /**
         * The directory's int8 file on a CPU when it has one (faster at the same F1:
         * model/README.md), fp32 otherwise and on GPUs.
         */
        AUTO,
        FP32,
        /** Half precision, GPU only; the directory must list a {@code model_file_fp16}. */
        FP16,
        /**
         * Linear layers in int8 (dynamic quantization), CPU only; the directory must list a {@code
         * model_file_int8}.
         */
        INT8
    }

    /** The pad multiple of the device: {@value #DEFAULT_GPU_PAD_MULTIPLE} on a GPU, else none. */
    public static int defaultPadMultiple(Device device) {
        return device.isGpu() ? DEFAULT_GPU_PAD_MULTIPLE : DEFAULT_CPU_PAD_MULTIPLE;
    }

    /**
     * The pad multiple a tagger on {@code device} uses when asked for {@code requested} (0: the
     * device's).
     */
    public static int padMultipleFor(Device device, int requested) {
        return requested > 0 ? requested : defaultPadMultiple(device);
    }

    /** The length every forward pass is padded to a multiple of. */
    public int padMultiple() {
        return padMultiple;
    }

    /** The cost of one more forward pass, in tokens, that decides length splitting (0: never). */
    public int passOverheadTokens() {
        return passOverheadTokens;
    }

    /** The file of the directory that was loaded, which depends on the precision and device. */
    public String modelFileName() {
        return modelFileName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The model of {@code directory} on the CPU, with the default settings. */
    public static DjlAddressTagger onCpu(Path directory) {
        return builder().setModelDirectory(ModelDirectory.open(directory)).build();
    }

    /** One probe forward pass: a model whose output width differs from labels.txt fails here. */
    private void checkOutputWidth() {
        try {
            JniUtils.setGraphExecutorOptimize(graphOptimizer);
            withPredictor(predictor -> predictor.predict(List.of("浙江省杭州市")));
        } catch (TranslateException | RuntimeException e) {
            throw new ModelDirectory.InvalidModelException(
                    "probe inference with "
                            + directory.modelFile()
                            + " failed; check that it takes "
                            + "(input_ids, attention_mask) and returns [batch, seq, "
                            + directory.labels().size()
                            + "] logits (labels.txt): "
                            + SplittingBatchRunner.rootMessage(e),
                    e);
        }
    }

    @Override
    public List<TaggingOutcome> tag(List<String> addresses) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + modelVersion() + " is closed");
            }
            return withPredictor(
                    predictor ->
                            tag(
                                    addresses,
                                    new SplittingBatchRunner(
                                            batch -> forward(predictor, batch),
                                            this::releaseCachedDeviceMemory,
                                            listener)));
        } finally {
            closing.readLock().unlock();
        }
    }

    /** A call that runs on one predictor. */
    @FunctionalInterface
    private interface PredictorCall<T, E extends Exception> {
        T call(Predictor<List<String>, ForwardPassOutput> predictor) throws E;
    }

    /**
     * Runs {@code call} on an idle predictor (a new one when every predictor is busy: one per
     * concurrent caller) and puts it back afterwards, whatever happens.
     */
    private <T, E extends Exception> T withPredictor(PredictorCall<T, E> call) throws E {
        Predictor<List<String>, ForwardPassOutput> predictor = idlePredictors.poll();
        if (predictor == null) {
            predictor = model.newPredictor();
            predictors.add(predictor);
        }
        try {
            return call.call(predictor);
        } finally {
            idlePredictors.add(predictor);
        }
    }

    private List<TaggingOutcome> tag(List<String> addresses, SplittingBatchRunner runner) {
        List<ModelInput> inputs = new ArrayList<>(addresses.size());
        List<String> texts = new ArrayList<>(addresses.size());
        for (String address : addresses) {
            ModelInput input = ModelInput.of(address, placeNames);
            inputs.add(input);
            texts.add(input.text());
        }
        List<TaggingOutcome> outcomes = tagTexts(texts, runner);
        List<TaggingOutcome> restored = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            TaggingOutcome outcome = outcomes.get(i);
            restored.add(
                    outcome.succeeded()
                            ? TaggingOutcome.success(inputs.get(i).restore(outcome.result()))
                            : outcome);
        }
        return restored;
    }

    private List<TaggingOutcome> tagTexts(List<String> addresses, SplittingBatchRunner runner) {
        // Per thread in libtorch: with many batch shapes the profiling executor re-optimizes often.
        JniUtils.setGraphExecutorOptimize(graphOptimizer);
        List<int[]> passes = lengthBuckets.passes(addresses);
        if (passes.size() == 1) {
            return runner.run(addresses);
        }
        TaggingOutcome[] outcomes = new TaggingOutcome[addresses.size()];
        for (int[] pass : passes) {
            List<String> texts = new ArrayList<>(pass.length);
            for (int i : pass) {
                texts.add(addresses.get(i));
            }
            List<TaggingOutcome> results = runner.run(texts);
            for (int k = 0; k < pass.length; k++) {
                outcomes[pass[k]] = results.get(k);
            }
        }
        return Arrays.asList(outcomes);
    }

    private List<TaggedElements> forward(
            Predictor<List<String>, ForwardPassOutput> predictor, List<String> batch)
            throws TranslateException {
        ForwardPassOutput result = predictor.predict(batch);
        listener.onForwardPass(batch.size(), result.paddedLength(), result.realTokens());
        return result.results();
    }

    private void releaseCachedDeviceMemory(int batchSize) {
        LOG.warn("Device {} ran out of memory on a batch of {}; splitting it", device, batchSize);
        if (device.isGpu()) {
            try {
                JniUtils.emptyCudaCache();
            } catch (RuntimeException e) {
                LOG.debug("emptyCudaCache failed", e);
            }
        }
    }

    @Override
    public String modelVersion() {
        return directory.metadata().version();
    }

    @Override
    public int maxSequenceLength() {
        return directory.metadata().maxSequenceLength();
    }

    /**
     * The padded length this address costs in a batch: its word pieces (at most one per code point)
     * plus [CLS] and [SEP], rounded up to the pad multiple the translator pads to, capped at the
     * model's limit. The batcher's token budget compares these, so padding counts against it.
     */
    @Override
    public int estimateTokens(String address) {
        int tokens = AddressTagger.super.estimateTokens(address);
        int padded = (tokens + padMultiple - 1) / padMultiple * padMultiple;
        return Math.min(maxSequenceLength(), padded);
    }

    /**
     * NDArrays still attached to the model's manager: constant across batches when nothing leaks.
     */
    int liveNdArrays() {
        return model.getNDManager().getManagedArrays().size();
    }

    public Device device() {
        return device;
    }

    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            predictors.forEach(Predictor::close);
            model.close();
            tokenizer.close();
        } finally {
            closing.writeLock().unlock();
        }
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
        private int padMultiple; // 0: the device's default
        private boolean pipelineCompatibleScores;
        private TaggerListener listener = TaggerListener.NONE;
        private boolean graphOptimizer = true;
        private Precision precision = Precision.AUTO;
        private int passOverheadTokens = -1;
        private int cpuThreads = DEFAULT_CPU_THREADS;
        private PlaceNames placeNames = PlaceNames.UNKNOWN;

        public Builder setModelDirectory(ModelDirectory directory) {
            this.directory = directory;
            return this;
        }

        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Pad batches to a multiple of this length, so the engine sees few distinct shapes; 0 (the
         * default): the device's, {@link #defaultPadMultiple} (8 on a GPU, 1 on a CPU).
         */
        public Builder optPadMultiple(int padMultiple) {
            if (padMultiple < 0) {
                throw new IllegalArgumentException(
                        "padMultiple must be 0 (the device's) or more, was " + padMultiple);
            }
            this.padMultiple = padMultiple;
            return this;
        }

        /**
         * Score chunks like the official pipeline's {@code prob} (quirk Q5) instead of word means.
         */
        public Builder optPipelineCompatibleScores(boolean enabled) {
            this.pipelineCompatibleScores = enabled;
            return this;
        }

        /**
         * libtorch's profiling graph executor (on by default, as in DJL). It re-profiles on new
         * input shapes; padding to {@code padMultiple} keeps the shapes few. Compare with
         * bin/bench.
         */
        public Builder optGraphOptimizer(boolean enabled) {
            this.graphOptimizer = enabled;
            return this;
        }

        /**
         * Which of the directory's model files to load (default {@link Precision#AUTO}); a
         * precision the device cannot run falls back to FP32 with a warning.
         */
        public Builder optPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /**
         * Split a batch into passes of similar lengths when the padding saved exceeds this many
         * tokens a pass ({@link LengthBuckets}); 0 never splits; negative, the default: 64 on CPU,
         * 0 on GPU.
         */
        public Builder optPassOverheadTokens(int tokens) {
            this.passOverheadTokens = tokens; // negative: the device's default
            return this;
        }

        /**
         * libtorch's intra-op threads for a model on the CPU (default {@value
         * #DEFAULT_CPU_THREADS}; 0 keeps libtorch's own, one per core). Process-wide: the last
         * tagger built sets it for all, and {@code -Dai.djl.pytorch.num_threads} overrides it.
         */
        public Builder optCpuThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("cpuThreads must be 0 or more, was " + threads);
            }
            this.cpuThreads = threads;
            return this;
        }

        /**
         * The place names that tell a recipient's name from a place where both could stand beside a
         * phone number ({@link ModelInput}); default {@link PlaceNames#UNKNOWN}, with which only
         * names that cannot be the address's first or last word are kept from the model.
         */
        public Builder optPlaceNames(PlaceNames placeNames) {
            this.placeNames = placeNames;
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
