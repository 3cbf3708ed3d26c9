package dev.safesqlite.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --before TIME}: an instant ({@code 2026-03-01T02:00:00Z}), a local date-time ({@code 2026-03-01 02:00}) or a local date. */
final class TimeConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        String v = value.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(v).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(v).atStartOfDay(ZoneId.systemDefault()).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new TypeConversionException("'" + value + "' is not a time: use 2026-03-01T02:00:00Z, "
                            + "'2026-03-01 02:00' (local time) or 2026-03-01");
                }
            }
        }
    }
}
