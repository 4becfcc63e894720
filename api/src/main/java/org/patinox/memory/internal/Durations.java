package org.patinox.memory.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patinox.memory.ConfigException;

/** Durations in settings: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)");
    /** Zero, the one amount that needs no unit: the tables of the settings say "0 for never". */
    private static final Pattern ZERO = Pattern.compile("0+");

    private record Unit(String suffix, ChronoUnit unit) {
    }

    // Largest first, so that format() picks the coarsest unit that divides exactly.
    private static final List<Unit> UNITS = List.of(
            new Unit("d", ChronoUnit.DAYS), new Unit("h", ChronoUnit.HOURS),
            new Unit("m", ChronoUnit.MINUTES), new Unit("s", ChronoUnit.SECONDS),
            new Unit("ms", ChronoUnit.MILLIS), new Unit("us", ChronoUnit.MICROS),
            new Unit("ns", ChronoUnit.NANOS));

    /**
     * The longest duration the library computes with: {@link Long#MAX_VALUE} nanoseconds, about 292
     * years. A setting at or past it means "no limit"; the configuration records store longer ones
     * as this one, so that every duration they hand out converts to nanoseconds without overflow.
     */
    public static final Duration UNLIMITED = Duration.ofNanos(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * @param duration a duration, or {@code null}
     * @return the duration, or {@link #UNLIMITED} when it is longer; {@code null} stays {@code null}
     *     (for the caller's own null check, which names the setting)
     */
    public static Duration saturate(Duration duration) {
        return duration != null && duration.compareTo(UNLIMITED) > 0 ? UNLIMITED : duration;
    }

    /**
     * @param a nanoseconds, not negative
     * @param b nanoseconds, not negative
     * @return their sum, or {@link Long#MAX_VALUE} ("no limit") when it would overflow. A deadline
     *     {@code System.nanoTime() + limit} needs no such care for any {@code limit} up to {@link
     *     Long#MAX_VALUE}, as it is only ever compared by difference; a sum of two limits does.
     */
    public static long plusNanos(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * @param key the setting, for the message
     * @param text the value, such as {@code 30s} or {@code PT30S}; {@code 0} alone needs no unit
     * @return the duration; {@link #UNLIMITED} ("no limit") for an amount past what a {@code
     *     Duration} holds, as the configuration records store any longer one
     * @throws ConfigException naming the key and the value when the text is not a duration
     */
    public static Duration parse(String key, String text) {
        String value = text.strip();
        if (ZERO.matcher(value).matches()) {
            return Duration.ZERO;
        }
        Matcher m = SHORT.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            for (Unit u : UNITS) {
                if (u.suffix().equals(m.group(2))) {
                    // Digits alone: an amount past what a long or a Duration holds is past "no limit" too.
                    try {
                        return u.unit().getDuration().multipliedBy(Long.parseLong(m.group(1)));
                    } catch (NumberFormatException | ArithmeticException past) {
                        return UNLIMITED;
                    }
                }
            }
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            if ((e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException)
                    && value.indexOf('-') < 0) {
                return UNLIMITED; // a positive ISO duration past what a Duration holds
            }
            throw new ConfigException(key + " must be a duration such as 250ms, 30s, 5m, 2h, 1d or"
                    + " ISO-8601 PT30S, but was '" + text + "'" + Settings.digitsNote(text), e);
        }
    }

    /** @return the shortest text {@link #parse} reads back as the same duration */
    public static String format(Duration duration) {
        if (!duration.isNegative()) {
            for (Unit u : UNITS) {
                Duration unit = u.unit().getDuration();
                if (duration.isZero() ? u.unit() == ChronoUnit.SECONDS : isMultiple(duration, unit)) {
                    try {
                        return duration.dividedBy(unit) + u.suffix();
                    } catch (ArithmeticException pastALong) {
                        break; // finer units hold more still; the ISO form is exact
                    }
                }
            }
        }
        return duration.toString();
    }

    private static boolean isMultiple(Duration duration, Duration unit) {
        // By seconds and nanos, not toNanos(), which overflows past 292 years: a huge amount of one
        // unit (9223372036854775807s) is written back in that unit, as it was given.
        if (unit.toSeconds() > 0) {
            return duration.toNanosPart() == 0 && duration.toSeconds() % unit.toSeconds() == 0;
        }
        return duration.toNanosPart() % unit.toNanosPart() == 0;
    }

    /** @return the duration in nanoseconds, or {@link Long#MAX_VALUE} when it is longer than 292 years */
    public static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
