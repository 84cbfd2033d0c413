package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.Optional;

/** The device a TaskManager's model runs on: Flink's assigned GPU first, then configuration. */
class DeviceSpecTest {

    @Test
    void assignedGpuWinsForAutoAndGpu() {
        assertThat(DeviceSpec.parse("auto").resolve(Optional.of(3), 4)).isEqualTo(Device.gpu(3));
        assertThat(DeviceSpec.parse("gpu").resolve(Optional.of(1), 2)).isEqualTo(Device.gpu(1));
        assertThat(DeviceSpec.parse("GPU").resolve(Optional.empty(), 1)).isEqualTo(Device.gpu(0));
    }

    @Test
    void explicitChoicesAreKept() {
        assertThat(DeviceSpec.parse("cpu").resolve(Optional.of(2), 4)).isEqualTo(Device.cpu());
        assertThat(DeviceSpec.parse("gpu:5").resolve(Optional.of(2), 8)).isEqualTo(Device.gpu(5));
    }

    @Test
    void askingForAGpuThatIsNotThereFailsInsteadOfRunningOnTheCpu() {
        assertThatThrownBy(() -> DeviceSpec.parse("gpu").resolve(Optional.empty(), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--device gpu asks for GPU 0 but libtorch sees 0 GPU(s)");
        assertThatThrownBy(() -> DeviceSpec.parse("gpu:2").resolve(Optional.empty(), 2))
                .hasMessageContaining("GPU 2");
        assertThat(DeviceSpec.parse("auto").resolve(Optional.empty(), 0)).isEqualTo(Device.cpu());
    }

    @Test
    void autoWithoutAGpuIsTheCpu() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0,
                "this machine has a GPU: auto would pick it");
        assertThat(DeviceSpec.parse("auto").resolve(Optional.empty())).isEqualTo(Device.cpu());
    }

    @Test
    void rejectsUnknownDevices() {
        assertThatThrownBy(() -> DeviceSpec.parse("tpu"))
                .hasMessageContaining("auto, cpu, gpu, gpu:<index>");
        assertThatThrownBy(() -> DeviceSpec.parse("gpu:x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
