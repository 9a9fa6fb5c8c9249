package dev.zerobus.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or invalid Zerobus setting into a short start-up report naming the property. */
class ZerobusConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidZerobusConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidZerobusConfigurationException cause) {
        return new FailureAnalysis(
                "Zerobus is not configured correctly: " + cause.getMessage() + ".", cause.getAction(), cause);
    }
}
