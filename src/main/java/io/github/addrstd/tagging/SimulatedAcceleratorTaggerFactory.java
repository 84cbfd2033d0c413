package io.github.addrstd.tagging;

import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.SimulatedAccelerator;
import io.github.addrstd.model.SimulatedAcceleratorTagger;
import io.github.addrstd.model.TaggerListener;

import ai.djl.Device;

import java.util.List;

/**
 * Builds taggers on a {@link SimulatedAccelerator}: a benchmark device, chosen only by the option
 * {@code benchmark.simulated-accelerator}, never by default. Its taggers find no elements (the
 * standardizer works from the text alone) and report the model version {@code simulated:...}, so no
 * output of such a run can pass for the model's.
 */
public final class SimulatedAcceleratorTaggerFactory implements TaggerFactory {

    private static final long serialVersionUID = 1L;

    private final SimulatedAccelerator device;
    private final int padMultiple;

    /**
     * @param padMultiple the pad multiple, or 0 for a GPU's ({@link
     *     DjlAddressTagger#DEFAULT_GPU_PAD_MULTIPLE}), which the device simulates
     */
    public SimulatedAcceleratorTaggerFactory(SimulatedAccelerator device, int padMultiple) {
        this.device = device;
        this.padMultiple =
                padMultiple > 0 ? padMultiple : DjlAddressTagger.DEFAULT_GPU_PAD_MULTIPLE;
    }

    @Override
    public AddressTagger create(Device ignored, TaggerListener listener) {
        return new SimulatedAcceleratorTagger(
                device, address -> new TaggedElements(List.of(), false), listener, padMultiple);
    }

    @Override
    public String cacheKey(Device ignored) {
        return "simulated:" + device.name() + "@" + device.latencyScale() + "/" + padMultiple;
    }
}
