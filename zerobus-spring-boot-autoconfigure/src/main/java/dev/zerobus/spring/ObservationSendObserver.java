package dev.zerobus.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The {@code zerobus.send} observation: from the send call to the durable acknowledgement, low-cardinality keys
 * {@code zerobus.table} and {@code outcome} ({@code success}, {@code failure}). Its parent is the observation current
 * on the sending thread, and the application's callbacks on the returned future run with that parent in scope, so
 * the trace context carries across the asynchronous completion.
 */
public class ObservationSendObserver implements SendObserver {

    /** The observation's name, and the timer's if Micrometer's default handler records it. */
    public static final String NAME = "zerobus.send";

    private final ObservationRegistry registry;

    public ObservationSendObserver(ObservationRegistry registry) {
        this.registry = registry;
    }

    private record Context(Observation observation, Observation parent) {}

    @Override
    public Object start(String table) {
        Observation parent = this.registry.getCurrentObservation();
        Observation observation = Observation.createNotStarted(NAME, this.registry)
                .contextualName("zerobus send " + table)
                .lowCardinalityKeyValue("zerobus.table", table)
                .start();
        return new Context(observation, parent);
    }

    @Override
    public void stop(Object context, Throwable error) {
        Observation observation = ((Context) context).observation();
        observation.lowCardinalityKeyValue("outcome", (error == null) ? "success" : "failure");
        if (error != null) {
            observation.error(error);
        }
        observation.stop();
    }

    @Override
    public void complete(Object context, Runnable completion) {
        Observation parent = (context != null) ? ((Context) context).parent() : null;
        if (parent != null) {
            parent.scoped(completion);
        } else {
            completion.run();
        }
    }
}
