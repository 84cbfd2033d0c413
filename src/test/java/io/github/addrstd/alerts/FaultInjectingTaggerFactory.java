package io.github.addrstd.alerts;

import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.TaggerListener;
import io.github.addrstd.tagging.DjlTaggerFactory;
import io.github.addrstd.tagging.TaggerFactory;

import ai.djl.Device;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real default model, with a switch that makes every model call fail, as a crashed GPU or a
 * corrupted model would. MiniCluster runs in the test's JVM, so the test flips the static switch.
 */
final class FaultInjectingTaggerFactory implements TaggerFactory {

    private static final long serialVersionUID = 1L;

    static final AtomicBoolean FAIL = new AtomicBoolean();

    private final DjlTaggerFactory real =
            new DjlTaggerFactory("model/default", 8, DjlAddressTagger.Precision.FP32);

    @Override
    public AddressTagger create(Device device, TaggerListener listener) {
        AddressTagger tagger = real.create(device, listener);
        return new AddressTagger() {
            @Override
            public List<TaggingOutcome> tag(List<String> addresses) {
                if (FAIL.get()) {
                    throw new IllegalStateException("injected fault: the model is failing");
                }
                return tagger.tag(addresses);
            }

            @Override
            public String modelVersion() {
                return tagger.modelVersion();
            }

            @Override
            public int maxSequenceLength() {
                return tagger.maxSequenceLength();
            }

            @Override
            public void close() {
                tagger.close();
            }
        };
    }

    @Override
    public String cacheKey(Device device) {
        return "fault-injecting:" + real.cacheKey(device);
    }
}
