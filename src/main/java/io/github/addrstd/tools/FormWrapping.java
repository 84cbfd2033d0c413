package io.github.addrstd.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes annotated addresses the way people paste them into an address field: inside a shop's
 * copied delivery form, a chat message or a label, with a made-up recipient and phone number around
 * them ({@code 收货人：张伟 手机号码：138… 所在地区：浙江省杭州市西湖区 详细地址：文三路90号}). The address's own text and its gold
 * elements are kept; only their offsets move. Seeded, so a run is repeatable.
 *
 * <p>The templates are this project's own, after the formats of common Chinese shop and courier
 * forms; the addresses are the corpus's.
 */
final class FormWrapping {

    /** A template's part: fixed text, or the address (whole, or its two halves). */
    private enum Part {
        NAME,
        PHONE,
        ADDRESS,
        /** The administrative prefix (province, city, district), as a form's region field. */
        REGION,
        /** The rest of the address after {@link #REGION}. */
        DETAIL
    }

    /** Templates with the address whole: chat messages, labels, forms. */
    private static final List<List<Object>> WHOLE =
            List.of(
                    List.of(Part.NAME, "，", Part.PHONE, "，", Part.ADDRESS),
                    List.of(Part.ADDRESS, " ", Part.NAME, "收 ", Part.PHONE),
                    List.of("收件人:", Part.NAME, " 电话:", Part.PHONE, " 地址:", Part.ADDRESS),
                    List.of("姓名：", Part.NAME, "；电话：", Part.PHONE, "；地址：", Part.ADDRESS),
                    List.of("地址：", Part.ADDRESS, " 联系人：", Part.NAME, " 联系电话：", Part.PHONE),
                    List.of("收货地址：", Part.ADDRESS, "（", Part.NAME, "，", Part.PHONE, "）"),
                    List.of(Part.PHONE, " ", Part.NAME, " ", Part.ADDRESS),
                    // No name: a place written beside the number must stay the address's.
                    List.of(Part.PHONE, " ", Part.ADDRESS),
                    List.of(Part.ADDRESS, " ", Part.PHONE));

    /** Templates that write the region apart from the rest, as shops' forms do. */
    private static final List<List<Object>> SPLIT =
            List.of(
                    List.of(
                            "收货人：",
                            Part.NAME,
                            "\n手机号码：",
                            Part.PHONE,
                            "\n所在地区：",
                            Part.REGION,
                            "\n详细地址：",
                            Part.DETAIL),
                    List.of(Part.NAME, " ", Part.PHONE, " ", Part.REGION, " ", Part.DETAIL));

    private static final Set<String> REGION_TYPES = Set.of("prov", "city", "district");

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文斌鹏飞宇浩然欣怡子涵俊晨婷雪琳";

    private FormWrapping() {}

    /** Every address of {@code corpus} in one of the templates, drawn with {@code seed}. */
    static List<ConllCorpus.Address> wrap(List<ConllCorpus.Address> corpus, long seed) {
        Random random = new Random(seed);
        List<ConllCorpus.Address> out = new ArrayList<>(corpus.size());
        for (ConllCorpus.Address address : corpus) {
            out.add(wrap(address, random));
        }
        return out;
    }

    static ConllCorpus.Address wrap(ConllCorpus.Address address, Random random) {
        int split = regionEnd(address);
        int choice = random.nextInt(WHOLE.size() + SPLIT.size());

        List<Object> template =
                choice < SPLIT.size() && split > 0 && split < address.text().length()
                        ? SPLIT.get(choice)
                        : WHOLE.get(choice % WHOLE.size());
        String name = name(random);
        String phone = phone(random);
        StringBuilder text = new StringBuilder();
        List<ConllCorpus.Entity> entities = new ArrayList<>();
        for (Object part : template) {
            if (part instanceof String literal) {
                text.append(literal);
                continue;
            }
            switch ((Part) part) {
                case NAME -> text.append(name);
                case PHONE -> text.append(phone);
                case ADDRESS -> append(address, 0, address.text().length(), text, entities);
                case REGION -> append(address, 0, split, text, entities);
                case DETAIL -> append(address, split, address.text().length(), text, entities);
            }
        }
        return new ConllCorpus.Address(text.toString(), List.copyOf(entities));
    }

    /** Appends text[from, to) of the address with the gold elements inside it, moved. */
    private static void append(
            ConllCorpus.Address address,
            int from,
            int to,
            StringBuilder text,
            List<ConllCorpus.Entity> entities) {
        int shift = text.length() - from;
        text.append(address.text(), from, to);
        for (ConllCorpus.Entity e : address.entities()) {
            if (e.start() >= from && e.end() <= to) {
                entities.add(new ConllCorpus.Entity(e.type(), e.start() + shift, e.end() + shift));
            }
        }
    }

    /**
     * Where the address's leading run of province, city and district elements ends (each starting
     * where the one before ended), or 0 when it does not begin with one.
     */
    static int regionEnd(ConllCorpus.Address address) {
        int end = 0;
        for (ConllCorpus.Entity e :
                address.entities().stream()
                        .sorted((a, b) -> Integer.compare(a.start(), b.start()))
                        .toList()) {
            if (e.start() != end || !REGION_TYPES.contains(e.type())) {
                break;
            }
            end = e.end();
        }
        return end;
    }

    private static String name(Random random) {
        StringBuilder name = new StringBuilder();
        name.append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int given = 1 + random.nextInt(2);
        for (int i = 0; i < given; i++) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }

    /** A mobile number, or now and then a landline with its area code. */
    private static String phone(Random random) {
        StringBuilder phone = new StringBuilder();
        if (random.nextInt(8) == 0) {
            phone.append("0").append(10 + random.nextInt(890)).append('-');
            phone.append(2 + random.nextInt(8));
            for (int i = 0; i < 7; i++) {
                phone.append(random.nextInt(10));
            }
            return phone.toString();
        }
        phone.append('1').append(3 + random.nextInt(7));
        for (int i = 0; i < 9; i++) {
            phone.append(random.nextInt(10));
        }
        return phone.toString();
    }
}
