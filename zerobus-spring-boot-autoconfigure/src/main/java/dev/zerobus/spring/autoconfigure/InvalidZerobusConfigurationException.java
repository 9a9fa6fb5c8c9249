package dev.zerobus.spring.autoconfigure;

/**
 * A Zerobus setting is missing or invalid; start-up fails with a failure analysis naming the property
 * ({@link ZerobusConfigurationFailureAnalyzer}).
 */
public class InvalidZerobusConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    public InvalidZerobusConfigurationException(String property, String problem, String action, Throwable cause) {
        super(property + " " + problem, cause);
        this.property = property;
        this.action = action;
    }

    /** The property to fix, as users write it. */
    public String getProperty() {
        return this.property;
    }

    /** What to do about it. */
    public String getAction() {
        return this.action;
    }
}
