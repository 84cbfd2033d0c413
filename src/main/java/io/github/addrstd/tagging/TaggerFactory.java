package io.github.addrstd.tagging;

import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.TaggerListener;

import ai.djl.Device;

import java.io.Serializable;

/**
 * Creates the tagger that a TaskManager's subtasks share. Shipped with the job graph, so it must be
 * serializable; {@link #cacheKey(Device)} says which factories build the same model.
 */
public interface TaggerFactory extends Serializable {

    AddressTagger create(Device device, TaggerListener listener);

    /**
     * Equal keys (on the same device) share one loaded model per JVM: the key names what is loaded
     * on {@code device}, so two settings that load the same files share it.
     */
    String cacheKey(Device device);

    /**
     * Checks, where the job is built, what can be checked without loading the model (files, labels,
     * metadata), and throws {@link IllegalArgumentException} naming the problem.
     */
    default void validate() {}
}
