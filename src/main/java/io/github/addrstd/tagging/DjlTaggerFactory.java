package io.github.addrstd.tagging;

import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.model.TaggerListener;
import io.github.addrstd.text.PlaceNames;

import ai.djl.Device;

import java.nio.file.Path;

/** Loads the TorchScript tagger from a model directory through DJL. */
public final class DjlTaggerFactory implements TaggerFactory {

    private static final long serialVersionUID = 1L;

    private final String modelDirectory;

    /** 0: the device's ({@link DjlAddressTagger#defaultPadMultiple}). */
    private final int padMultiple;

    private final DjlAddressTagger.Precision precision;
    private final int cpuThreads;
    private final PlaceNames placeNames;

    /**
     * With {@link DjlAddressTagger#DEFAULT_CPU_THREADS} intra-op threads on a CPU and no place
     * names.
     *
     * @param padMultiple the pad multiple, or 0 for the device's default
     */
    public DjlTaggerFactory(
            String modelDirectory, int padMultiple, DjlAddressTagger.Precision precision) {
        this(
                modelDirectory,
                padMultiple,
                precision,
                DjlAddressTagger.DEFAULT_CPU_THREADS,
                PlaceNames.UNKNOWN);
    }

    /**
     * @param placeNames tell a recipient beside a phone number from a place ({@link
     *     DjlAddressTagger.Builder#optPlaceNames})
     */
    public DjlTaggerFactory(
            String modelDirectory,
            int padMultiple,
            DjlAddressTagger.Precision precision,
            int cpuThreads,
            PlaceNames placeNames) {
        this.modelDirectory = modelDirectory;
        this.padMultiple = padMultiple;
        this.precision = precision;
        this.cpuThreads = cpuThreads;
        this.placeNames = placeNames;
    }

    @Override
    public AddressTagger create(Device device, TaggerListener listener) {
        return DjlAddressTagger.builder()
                .setModelDirectory(ModelDirectory.open(Path.of(modelDirectory)))
                .optDevice(device)
                .optPadMultiple(padMultiple)
                .optPrecision(precision)
                .optCpuThreads(cpuThreads)
                .optPlaceNames(placeNames)
                .optListener(listener)
                .build();
    }

    @Override
    public void validate() {
        try {
            ModelDirectory.open(Path.of(modelDirectory));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--model-dir "
                            + modelDirectory
                            + " is not a usable model directory: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The model file this device loads (AUTO and INT8 on a CPU: the same int8 file), padding. */
    @Override
    public String cacheKey(Device device) {
        Path file =
                DjlAddressTagger.modelFileFor(
                        ModelDirectory.open(Path.of(modelDirectory)), device, precision);
        return "djl:"
                + file.toAbsolutePath().normalize()
                + ":pad"
                + DjlAddressTagger.padMultipleFor(device, padMultiple)
                + (placeNames.known() ? ":places" : "");
    }
}
