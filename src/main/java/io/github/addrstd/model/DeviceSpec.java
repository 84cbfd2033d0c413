package io.github.addrstd.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Optional;

/**
 * Which device the model runs on: {@code auto} (the GPU Flink assigned to this TaskManager, else GPU
 * 0 when the engine sees one, else CPU), {@code cpu}, {@code gpu} (the assigned GPU, else 0) or
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
        switch (spec) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                return Device.gpu(assignedGpu.orElse(0));
            case "auto":
                if (assignedGpu.isPresent()) {
                    return Device.gpu(assignedGpu.get());
                }
                return Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
            default:
                return Device.gpu(Integer.parseInt(spec.substring("gpu:".length())));
        }
    }

    @Override
    public String toString() {
        return spec;
    }
}
