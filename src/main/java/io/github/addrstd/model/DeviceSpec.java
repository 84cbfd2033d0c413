package io.github.addrstd.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Optional;

/**
 * Which device the model runs on: {@code auto} (the GPU Flink assigned to this TaskManager, else
 * GPU 0 when the engine sees one, else CPU), {@code cpu}, {@code gpu} (the assigned GPU, else 0) or
 * {@code gpu:N}.
 */
public final class DeviceSpec {

    private final String spec;

    private DeviceSpec(String spec) {
        this.spec = spec;
    }

    public static DeviceSpec parse(String spec) {
        String s = spec.strip().toLowerCase(java.util.Locale.ROOT);
        if (!s.equals("auto") && !s.equals("cpu") && !s.equals("gpu") && !s.matches("gpu:\\d+")) {
            throw new IllegalArgumentException(
                    "device '" + spec + "' is not one of auto, cpu, gpu, gpu:<index>");
        }
        return new DeviceSpec(s);
    }

    /**
     * @param assignedGpu the GPU index from Flink's external resource {@code gpu}, if any
     */
    public Device resolve(Optional<Integer> assignedGpu) {
        return resolve(assignedGpu, Engine.getEngine("PyTorch").getGpuCount());
    }

    /**
     * @param visibleGpus how many GPUs libtorch sees in this process
     * @throws IllegalStateException when {@code gpu} or {@code gpu:N} names a GPU this TaskManager
     *     does not have: asking for a GPU and silently running on the CPU would be a 50x slowdown
     *     nobody chose
     */
    Device resolve(Optional<Integer> assignedGpu, int visibleGpus) {
        switch (spec) {
            case "cpu":
                return Device.cpu();
            case "auto":
                if (assignedGpu.isPresent()) {
                    return Device.gpu(assignedGpu.get());
                }
                return visibleGpus > 0 ? Device.gpu(0) : Device.cpu();
            default:
                int index =
                        spec.equals("gpu")
                                ? assignedGpu.orElse(0)
                                : Integer.parseInt(spec.substring("gpu:".length()));
                if (index >= visibleGpus) {
                    throw new IllegalStateException(
                            "--device "
                                    + spec
                                    + " asks for GPU "
                                    + index
                                    + " but libtorch sees "
                                    + visibleGpus
                                    + " GPU(s) in this TaskManager (CPU-only native library, no"
                                    + " driver, or CUDA_VISIBLE_DEVICES); use --device auto to fall"
                                    + " back to the CPU, or --device cpu");
                }
                return Device.gpu(index);
        }
    }

    @Override
    public String toString() {
        return spec;
    }
}
