package dev.zerobus.spring.shutdown;

import dev.zerobus.spring.IngestResult;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusSendException;
import dev.zerobus.spring.autoconfigure.ZerobusAutoConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A sample-like application in its own JVM: 5 threads send records ({@code {"id":"<thread>-<n>"}}) through the
 * auto-configured template until the JVM is told to stop (SIGTERM). When the context closes, after the stream pool's
 * bounded shutdown, it writes what happened to every record to {@code <out>/}: {@code handed} (send called),
 * {@code acked}, {@code failed} (future failed), {@code thrown} (send threw: not taken), and {@code summary}.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({JacksonAutoConfiguration.class, ZerobusAutoConfiguration.class})
public class ShutdownAppMain {

    public static void main(String[] args) throws InterruptedException {
        SpringApplication application = new SpringApplication(ShutdownAppMain.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        ConfigurableApplicationContext context = application.run(args);
        context.getBean(Senders.class).start();
        System.out.println("SENDING");
        System.out.flush();
        // Like a web server's threads, this keeps the JVM up until it is told to stop.
        Thread.currentThread().join();
    }

    @Bean
    Senders senders(ZerobusOperations template, org.springframework.core.env.Environment environment) {
        return new Senders(template, Path.of(environment.getRequiredProperty("out")));
    }

    static final class Senders implements DisposableBean {

        private final ZerobusOperations template;

        private final Path out;

        final Queue<String> handed = new ConcurrentLinkedQueue<>();

        final Queue<String> acked = new ConcurrentLinkedQueue<>();

        final Queue<String> failed = new ConcurrentLinkedQueue<>();

        final Queue<String> thrown = new ConcurrentLinkedQueue<>();

        final AtomicLong pending = new AtomicLong();

        private volatile boolean stopped;

        private final List<Thread> threads = new ArrayList<>();

        Senders(ZerobusOperations template, Path out) {
            this.template = template;
            this.out = out;
        }

        void start() {
            for (int t = 0; t < 5; t++) {
                int thread = t;
                Thread sender = new Thread(() -> send(thread), "sender-" + t);
                sender.setDaemon(true);
                this.threads.add(sender);
                sender.start();
            }
        }

        private void send(int thread) {
            for (long n = 0; !this.stopped; n++) {
                String id = thread + "-" + n;
                this.handed.add(id);
                try {
                    CompletableFuture<IngestResult> future =
                            this.template.send(ShutdownServerMain.TABLE, "{\"id\":\"" + id + "\"}");
                    this.pending.incrementAndGet();
                    future.whenComplete((result, error) -> {
                        (error == null ? this.acked : this.failed).add(id);
                        this.pending.decrementAndGet();
                    });
                } catch (ZerobusSendException ex) {
                    this.thrown.add(id);
                }
                if (n % 20 == 0) {
                    try {
                        Thread.sleep(2); // about 10,000 records/s over the 5 threads
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            }
        }

        /** Runs after the pool's lifecycle stop: every future has its outcome by now. */
        @Override
        public void destroy() throws IOException {
            this.stopped = true;
            for (Thread thread : this.threads) {
                try {
                    thread.join(2_000); // the pool is shut down: a send in progress throws at once
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            Files.createDirectories(this.out);
            write("handed", this.handed);
            write("acked", this.acked);
            write("failed", this.failed);
            write("thrown", this.thrown);
            Files.writeString(
                    this.out.resolve("summary"),
                    "handed=" + this.handed.size() + " acked=" + this.acked.size() + " failed=" + this.failed.size()
                            + " thrown=" + this.thrown.size() + " pending=" + this.pending.get() + "\n");
        }

        private void write(String name, Queue<String> ids) throws IOException {
            List<String> lines = new ArrayList<>(ids);
            Files.write(this.out.resolve(name), lines);
        }
    }
}
