package io.github.addrstd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.source.RecordValidator;
import io.github.addrstd.standardize.Gazetteer;
import io.github.addrstd.standardize.Standardizer;
import io.github.addrstd.tools.ConllCorpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming writer of output records writes, byte for byte, what Jackson's data binding writes
 * for the same record: over the real corpus's dev split (tagged with its gold spans, and without
 * elements), with passthrough fields, contacts, flags and characters JSON must escape.
 */
class StandardizedRecordJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RecordValidator VALIDATOR = new RecordValidator(RecordLimits.DEFAULTS);

    /** The data-binding writer the job used before: the reference. */
    private static String dataBound(StandardizedRecord record) throws Exception {
        AddressRequest request = record.request();
        ObjectNode root = JSON.createObjectNode();
        root.put("id", request.id());
        root.put("raw", request.address());
        ArrayNode elements = root.putArray("elements");
        for (AddressElement e : record.elements()) {
            elements.addObject()
                    .put("type", e.type())
                    .put("text", e.text())
                    .put("start", e.start())
                    .put("end", e.end())
                    .put("score", Math.round(e.score() * 10000) / 10000.0);
        }
        root.set("standardized", JSON.valueToTree(record.standardized()));
        root.put("model_version", record.modelVersion());
        if (record.degradedReason() != null) {
            root.put("degraded_reason", record.degradedReason());
        }
        root.put("processed_at", Instant.ofEpochMilli(record.processedAt()).toString());
        ObjectNode source = root.putObject("source");
        source.put("origin", request.origin());
        source.put("timestamp", request.sourceTimestamp());
        root.putRawValue("passthrough", new RawValue(request.passthroughJson()));
        return JSON.writeValueAsString(root);
    }

    private static AddressRequest request(String id, String address) {
        ObjectNode value = JSON.createObjectNode();
        value.put("id", id);
        value.put("address", address);
        value.putObject("shop").put("name", "\"引号\" \\ 和\t制表").put("n", 1.50);
        return VALIDATOR
                .validate(
                        new RawAddressRecord(
                                id.getBytes(StandardCharsets.UTF_8),
                                value.toString().getBytes(StandardCharsets.UTF_8),
                                "raw-address",
                                1,
                                42,
                                1_700_000_000_123L))
                .request();
    }

    @Test
    void writesWhatDataBindingWritesOverTheRealDevSplit() throws Exception {
        Standardizer standardizer = new Standardizer(Gazetteer.getDefault());
        List<ConllCorpus.Address> corpus = ConllCorpus.read(ConllCorpus.NAACL_DEV_SPLIT);
        List<String> extra =
                List.of(
                        "收件人张三 13800138000 浙江省杭州市余杭区文一西路969号",
                        "北京 朝阳区\u0001建国路88号 \"SOHO\"现代城",
                        "广东省深圳市南山区𠀀𠀁大厦B1栋");
        int compared = 0;
        for (int i = 0; i < corpus.size() + extra.size(); i++) {
            String text = i < corpus.size() ? corpus.get(i).text() : extra.get(i - corpus.size());
            List<AddressElement> elements = new ArrayList<>();
            if (i < corpus.size()) {
                for (ConllCorpus.Entity e : corpus.get(i).entities()) {
                    elements.add(
                            new AddressElement(
                                    e.type(),
                                    text.substring(e.start(), e.end()),
                                    e.start(),
                                    e.end(),
                                    0.87654f));
                }
            }
            AddressRequest request = request("r-" + i, text);
            if (request == null) {
                continue; // the validator refuses it (a control character): never reaches the sink
            }
            for (StandardizedRecord record :
                    List.of(
                            new StandardizedRecord(
                                    request,
                                    elements,
                                    standardizer.standardize(text, elements, i % 7 == 0),
                                    "default-tagger-2.0",
                                    null,
                                    1_700_000_000_999L),
                            new StandardizedRecord(
                                    request,
                                    List.of(),
                                    standardizer.standardize(text, null, false),
                                    "",
                                    "MODEL_TIMEOUT: no result in 30000 ms",
                                    1_700_000_001_000L))) {
                assertThat(
                                new String(
                                        StandardizedRecordSerializationSchema.toJson(record),
                                        StandardCharsets.UTF_8))
                        .as("record %d: %s", i, text)
                        .isEqualTo(dataBound(record));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(2 * corpus.size() - 10);
    }
}
