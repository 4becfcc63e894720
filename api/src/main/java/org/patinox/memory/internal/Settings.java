package org.patinox.memory.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.patinox.memory.ConfigException;

/**
 * The entries of a {@link Properties} in one scope of {@code patinox.memory.*}, read once each by
 * typed getters. Whatever no getter asked for is an unknown key, most often a typo, and {@link
 * #rejectUnknown(Collection)} turns it into an error that suggests the nearest known key.
 *
 * <p>Values are read as text: a {@code String}, or an object put into the properties whose text
 * stands for it (a {@code Number}, {@code Boolean}, {@code Duration} or {@code CharSequence});
 * any other object is refused by key, value and type. Numbers are written in ASCII digits.
 *
 * <p>Each component's configuration owns a scope ({@code patinox.memory.pool.} for pools); the
 * root scope {@code patinox.memory.} holds the keys of no component, so that one file can
 * configure everything and each reader still catches its own typos.
 */
public final class Settings {

    /** The prefix of every key this library reads, and the scope of {@code UtilityConfig}. */
    public static final String PREFIX = "patinox.memory.";

    /** The scope of {@code PoolConfig}. */
    public static final String POOL = PREFIX + "pool.";

    /** The scope of {@code CacheConfig}. */
    public static final String CACHE = PREFIX + "cache.";

    /** The scope of {@code ResourceConfig}. */
    public static final String RESOURCE = PREFIX + "resource.";

    /** The scope of {@code MappingConfig}. */
    public static final String MAPPING = PREFIX + "mapping.";

    /** The scope of {@code ShareConfig}. */
    public static final String SHARE = PREFIX + "share.";

    /**
     * The scope of the Redis plugin's connection settings, which the plugin reads and checks itself
     * from a pool's connection properties; named here only so that the root scope leaves them to it.
     */
    public static final String REDIS = PREFIX + "redis.";

    private static final List<String> COMPONENT_SCOPES = List.of(POOL, CACHE, RESOURCE, MAPPING, SHARE, REDIS);

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    /** The values as given, for messages; {@link #string} strips them. */
    private final Map<String, String> values = new TreeMap<>();
    private final Set<String> asked = new HashSet<>();

    private Settings(Properties properties, String scope) {
        for (String key : properties.stringPropertyNames()) {
            if (inScope(key, scope)) {
                values.put(key, properties.getProperty(key));
            }
        }
        // stringPropertyNames() skips an entry whose value is not a String: props.put(key, 100L)
        // would be silently ignored, and a cache meant to hold 100 would be unbounded. Such an
        // entry of the properties' own table (defaults hide theirs) is read as its text, or refused.
        for (Map.Entry<Object, Object> entry : properties.entrySet()) {
            if (entry.getKey() instanceof String key && inScope(key, scope) && !(entry.getValue() instanceof String)) {
                values.put(key, text(key, entry.getValue()));
            }
        }
    }

    private static boolean inScope(String key, String scope) {
        return key.startsWith(scope) && (!scope.equals(PREFIX) || COMPONENT_SCOPES.stream().noneMatch(key::startsWith));
    }

    /**
     * @return the text of a value put into properties as an object: a number, a boolean or a
     *     duration reads as its {@code toString()}, as Spring reads them
     * @throws ConfigException naming the key, the value and its type for any other type
     */
    private static String text(String key, Object value) {
        return switch (value) {
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case Duration d -> d.toString();
            case CharSequence c -> c.toString();
            default -> throw new ConfigException(key + " must be given as a String, a Number, a Boolean or a"
                    + " Duration, but was '" + value + "' (a " + value.getClass().getName() + ")");
        };
    }

    /**
     * @param properties the source, with its defaults
     * @param scope {@link #PREFIX} for the keys of no component, or a component's scope such as {@link #POOL}
     * @return the entries of that scope
     * @throws NullPointerException naming {@code properties} when it is {@code null}, for every {@code fromProperties}
     */
    public static Settings of(Properties properties, String scope) {
        return new Settings(Objects.requireNonNull(properties, "properties"), scope);
    }

    /** @return the key's value as a whole number, written in ASCII digits with an optional sign */
    public Optional<Integer> integer(String key) {
        return string(key).map(v -> {
            try {
                return Integer.parseInt(wholeNumber(key, v));
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a whole number of the int range, but was '" + v + "'", e);
            }
        });
    }

    /** @return the key's value as a whole number of the {@code long} range, written in ASCII digits */
    public Optional<Long> longValue(String key) {
        return string(key).map(v -> {
            try {
                return Long.parseLong(wholeNumber(key, v));
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a whole number of the long range, but was '" + v + "'", e);
            }
        });
    }

    /**
     * Integer.parseInt takes any Unicode digit ("\u0663" for 3) while durations take ASCII only:
     * one rule for every number, ASCII digits 0-9.
     */
    private static String wholeNumber(String key, String v) {
        if (!WHOLE_NUMBER.matcher(v).matches()) {
            throw new ConfigException(key + " must be a whole number, but was '" + v + "'" + digitsNote(v));
        }
        return v;
    }

    /**
     * @param value the text of a number or a duration that did not parse
     * @return a note saying that digits must be ASCII when the text holds another digit, else ""
     */
    public static String digitsNote(String value) {
        return value.chars().anyMatch(c -> Character.isDigit(c) && (c < '0' || c > '9'))
                ? " (digits must be the ASCII digits 0-9)" : "";
    }

    /** @return the key's value as {@code true} or {@code false}, in any case */
    public Optional<Boolean> bool(String key) {
        return string(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key + " must be true or false, but was '" + v + "'");
        });
    }

    /**
     * @return the value of the key without the white space around it, if the key is set
     * @throws ConfigException naming the key and the value when the key is set to nothing but
     *     white space: a setting left empty is refused rather than taken as its default, as a
     *     builder refuses a blank value; see {@link #nonBlank}
     */
    public Optional<String> string(String key) {
        asked.add(key);
        return Optional.ofNullable(values.get(key)).map(v -> nonBlank(key, v).strip());
    }

    /**
     * The one rule for a setting given as text, wherever it is read: set to nothing but white
     * space, it is an error, never the default. To take the default, leave the setting out.
     *
     * @param key the setting, for the message
     * @param value its value as given
     * @return the value
     * @throws ConfigException naming the key and the value when the value is blank
     */
    public static String nonBlank(String key, String value) {
        if (value.isBlank()) {
            throw new ConfigException(key + " must not be blank, but was '" + value
                    + "'; leave the setting out to use its default");
        }
        return value;
    }

    /**
     * The one rule for a component's name, in code and in properties alike: empty to have one
     * assigned, else a name without the white space around it. Properties are read stripped, so a
     * name kept with its white space would not read back equal from {@code toProperties()}.
     *
     * @param key the setting, for the message
     * @param name the name as given
     * @return the name, stripped
     * @throws NullPointerException naming the key when the name is {@code null}
     * @throws ConfigException naming the key and the value when the name is blank but not empty
     */
    public static String name(String key, String name) {
        Objects.requireNonNull(name, key);
        if (!name.isEmpty() && name.isBlank()) {
            throw new ConfigException(key + " must be empty or a name, but was '" + name + "'");
        }
        return name.strip();
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
     * @throws ConfigException naming each set key that no getter asked for, without its value: an
     *     unknown key is most often a misspelt one, and a misspelt password key holds a password
     */
    public void rejectUnknown(Collection<String> known) {
        String unknown = values.keySet().stream()
                .filter(key -> !asked.contains(key))
                .map(key -> key + nearest(key, known).map(k -> " (did you mean " + k + "?)").orElse(""))
                .collect(Collectors.joining(", "));
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown setting " + unknown + " (value not shown); the known settings are "
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
