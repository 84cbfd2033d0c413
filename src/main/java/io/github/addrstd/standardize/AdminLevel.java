package io.github.addrstd.standardize;

/** The four administrative levels this project standardizes, from the top. */
public enum AdminLevel {
    PROVINCE,
    CITY,
    DISTRICT,
    TOWN;

    /** The MGeo element type that names a unit of this level. */
    public String elementType() {
        return switch (this) {
            case PROVINCE -> "prov";
            case CITY -> "city";
            case DISTRICT -> "district";
            case TOWN -> "town";
        };
    }

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
