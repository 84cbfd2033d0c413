package io.github.addrstd.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.model.DjlAddressTagger.Precision;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Which factories share one loaded model: those that load the same file on the device. */
class DjlTaggerFactoryTest {

    private static String key(Precision precision, Device device) {
        return new DjlTaggerFactory("model/default", 8, precision).cacheKey(device);
    }

    @Test
    void settingsThatLoadTheSameFileShareOneModel() {
        // On a CPU, AUTO loads the int8 file: one model for AUTO and INT8, another for FP32.
        assertThat(key(Precision.AUTO, Device.cpu()))
                .isEqualTo(key(Precision.INT8, Device.cpu()))
                .endsWith("mgeo-tagger-int8.pt:pad8")
                .isNotEqualTo(key(Precision.FP32, Device.cpu()));
        // On a GPU, AUTO is fp32, and int8 (CPU only) falls back to it.
        assertThat(key(Precision.AUTO, Device.gpu()))
                .isEqualTo(key(Precision.FP32, Device.gpu()))
                .isEqualTo(key(Precision.INT8, Device.gpu()))
                .isNotEqualTo(key(Precision.FP16, Device.gpu()));
        assertThat(new DjlTaggerFactory("model/default", 1, Precision.AUTO).cacheKey(Device.cpu()))
                .isNotEqualTo(key(Precision.AUTO, Device.cpu()));
    }

    @Test
    void padMultipleZeroIsTheDevicesOwn() {
        // A CPU pays for every padded token (none), a GPU's fp16 tiles take 8.
        DjlTaggerFactory deviceDefault = new DjlTaggerFactory("model/default", 0, Precision.AUTO);
        assertThat(deviceDefault.cacheKey(Device.cpu()))
                .endsWith(":pad1")
                .isEqualTo(
                        new DjlTaggerFactory("model/default", 1, Precision.AUTO)
                                .cacheKey(Device.cpu()));
        assertThat(deviceDefault.cacheKey(Device.gpu()))
                .endsWith(":pad8")
                .isEqualTo(key(Precision.AUTO, Device.gpu()));
    }
}
