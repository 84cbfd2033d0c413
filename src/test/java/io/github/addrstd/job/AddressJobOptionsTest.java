package io.github.addrstd.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

class AddressJobOptionsTest {

    @Test
    void flagsOverrideTheConfigFile() throws Exception {
        Configuration conf =
                AddressJobOptions.fromArgs(
                        new String[] {
                            "--config",
                            "conf/address-job.properties",
                            "--batch.max-size",
                            "32",
                            "--batch.max-wait",
                            "20 ms"
                        });
        assertThat(conf.get(AddressJobOptions.BATCH_MAX_SIZE)).isEqualTo(32);
        assertThat(conf.get(AddressJobOptions.BATCH_MAX_WAIT)).isEqualTo(Duration.ofMillis(20));
        assertThat(conf.get(AddressJobOptions.OUTPUT_TOPIC)).isEqualTo("standardized-address");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> AddressJobOptions.fromArgs(new String[] {"--batch-size", "3"}))
                .hasMessageContaining("unknown option --batch-size");
    }

    @Test
    void everyOptionIsDocumentedWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Properties file = new Properties();
        file.load(
                Files.newBufferedReader(
                        Path.of("conf/address-job.properties"), StandardCharsets.UTF_8));
        Configuration fromFile =
                Configuration.fromMap(new java.util.HashMap<>((java.util.Map) file));
        for (ConfigOption<?> option : AddressJobOptions.all()) {
            assertThat(readme)
                    .as("README documents %s", option.key())
                    .contains("| `" + option.key() + "` |");
            assertThat(file)
                    .as("conf/address-job.properties lists %s", option.key())
                    .containsKey(option.key());
            assertThat((Object) fromFile.get(option))
                    .as("default of %s in the properties file", option.key())
                    .isEqualTo(option.defaultValue());
        }
    }
}
