package io.github.addrstd.standardize;

/** The four administrative levels this project standardizes, from the top. */
public enum AdminLevel {
    PROVINCE,
    CITY,
    DISTRICT,
    TOWN;

    public static AdminLevel ofElementType(String type) {
        return switch (type) {
            case "prov" -> PROVINCE;
            case "city" -> CITY;
            case "district" -> DISTRICT;
            case "town" -> TOWN;
            default -> null;
        };
    }
}
