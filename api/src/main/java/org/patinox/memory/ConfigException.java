package org.patinox.memory;

import java.io.Serial;

/**
 * Bad configuration: a setting with an invalid value, an unknown {@code patinox.memory.*} key, or
 * an implementation or plugin that was asked for and not found. The message names the setting and
 * the value given, and where an artifact is missing, which one to add.
 */
public final class ConfigException extends UtilityException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message names the setting and the value given */
    public ConfigException(String message) {
        super(message, null);
    }

    /**
     * @param message names the setting and the value given
     * @param cause the failure behind it, such as a provider that could not be loaded
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
