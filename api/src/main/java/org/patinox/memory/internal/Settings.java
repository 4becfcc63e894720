package org.patinox.memory.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.patinox.memory.ConfigException;

/**
 * The {@code patinox.memory.*} entries of a {@link Properties}, read once each by typed getters.
 * Whatever no getter asked for is an unknown key, most often a typo, and {@link
 * #rejectUnknown(Collection)} turns it into an error that suggests the nearest known key.
 */
public final class Settings {

    /** The prefix of every key this library reads. */
    public static final String PREFIX = "patinox.memory.";

    private final Map<String, String> values = new TreeMap<>();
    private final Set<String> asked = new HashSet<>();

    private Settings(Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                values.put(key, properties.getProperty(key).strip());
            }
        }
    }

    /** @return the {@code patinox.memory.*} entries of the properties, including their defaults */
    public static Settings of(Properties properties) {
        return new Settings(properties);
    }

    /** @return the non-blank value of the key, if set */
    public Optional<String> string(String key) {
        asked.add(key);
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /** @return the key's duration; see {@link Durations#parse} */
    public Optional<Duration> duration(String key) {
        return string(key).map(v -> Durations.parse(key, v));
    }

    /** @return the key's value as a logger level name, in any case */
    public Optional<System.Logger.Level> level(String key) {
        return string(key).map(v -> {
            try {
                return System.Logger.Level.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + " must be one of "
                        + Arrays.toString(System.Logger.Level.values()) + ", but was '" + v + "'", e);
            }
        });
    }

    /**
     * @param known every key the caller reads, for the suggestion
     * @throws ConfigException naming each set key that no getter asked for
     */
    public void rejectUnknown(Collection<String> known) {
        String unknown = values.keySet().stream()
                .filter(key -> !asked.contains(key))
                .map(key -> key + "=" + values.get(key) + nearest(key, known)
                        .map(k -> " (did you mean " + k + "?)").orElse(""))
                .collect(Collectors.joining(", "));
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown setting " + unknown + "; the known settings are "
                    + String.join(", ", known.stream().sorted().toList()));
        }
    }

    private static Optional<String> nearest(String key, Collection<String> known) {
        return known.stream()
                .filter(k -> editDistance(k, key) <= Math.max(2, k.length() / 5))
                .min(Comparator.comparingInt(k -> editDistance(k, key)));
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
