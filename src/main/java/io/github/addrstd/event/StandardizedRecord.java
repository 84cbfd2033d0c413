package io.github.addrstd.event;

import java.util.List;

/**
 * One output record of the standardized-address topic.
 *
 * @param request the validated input (id, raw text, key, passthrough fields, origin)
 * @param elements the model's element spans (empty in degraded mode)
 * @param standardized the standardized address
 * @param modelVersion the model that tagged it, empty in degraded mode
 * @param degradedReason why the model was not used, or null
 * @param processedAt when standardization finished (epoch ms)
 */
public record StandardizedRecord(
        AddressRequest request,
        List<AddressElement> elements,
        StandardizedAddress standardized,
        String modelVersion,
        String degradedReason,
        long processedAt) {}
