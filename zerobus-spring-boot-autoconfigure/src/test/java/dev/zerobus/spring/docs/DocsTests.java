package dev.zerobus.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusStreamPool;
import dev.zerobus.spring.autoconfigure.ZerobusAutoConfiguration;
import dev.zerobus.spring.autoconfigure.ZerobusEmbeddedServerAutoConfiguration;
import dev.zerobus.spring.autoconfigure.ZerobusEmbeddedServerProperties;
import dev.zerobus.spring.autoconfigure.ZerobusHealthContributorAutoConfiguration;
import dev.zerobus.spring.autoconfigure.ZerobusProperties;
import dev.zerobus.test.ZerobusTestServer;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.ClassUtils;

/**
 * What README.md and docs/*.md say, checked where a test can check it: links resolve, the tests and methods that the
 * docs cite exist, every statement of docs/guarantees.md and every rule of docs/local-tables.md cites a test, every
 * property named is a real one, the README's application.yml and imports work.
 */
class DocsTests {

    /** [text](target), not an image. */
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");

    /** A property name as written in prose, code or a command line ({@code -Dzerobus.x}); not part of a host name. */
    private static final Pattern PROPERTY = Pattern.compile(
            "(?:(?<=-D)|(?<![\\w.>/\\-]))((?:management\\.health\\.)?zerobus(?:\\.[A-Za-z0-9*_\\-]+|\\.<[^>\\s]+>|\\[[^\\]\\s]+\\])+)");

    /** A {@code "zerobus.x"} literal in Java, or {@code zerobus.x} as a Maven property in a POM. */
    private static final Pattern LITERAL =
            Pattern.compile("\"(zerobus\\.[A-Za-z0-9_.\\-]+)\"|[<{](zerobus\\.[A-Za-z0-9_.\\-]+)[>}]");

    private static final Pattern TEST_LINK =
            Pattern.compile("\\[`([A-Z][A-Za-z0-9]*)#([a-z][A-Za-z0-9_]*)`\\]\\(([^)]+)\\)");

    private static final Pattern FENCE = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyRelativeLinkResolves() {
        List<String> broken = new ArrayList<>();
        for (Path doc : Repository.documents()) {
            Matcher link = LINK.matcher(withoutCode(Repository.read(doc)));
            while (link.find()) {
                String target = link.group(2);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved =
                        file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(Repository.relative(doc) + ": " + target + " (no such file)");
                } else if (anchor != null
                        && resolved.toString().endsWith(".md")
                        && !anchors(Repository.read(resolved)).contains(anchor)) {
                    broken.add(Repository.relative(doc) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyGuaranteeLinksToATestThatExists() {
        Path guarantees = Repository.root().resolve("docs/guarantees.md");
        String text = Repository.read(guarantees);
        assertThat(methodLinkProblems(guarantees)).isEmpty();
        Matcher link = TEST_LINK.matcher(text);
        int cited = 0;
        while (link.find()) {
            cited++;
        }
        assertThat(cited).as("tests cited").isGreaterThanOrEqualTo(10);
        assertThat(itemsWithoutATest(text))
                .as("statements of guarantees.md without a test")
                .isEmpty();
    }

    /** The rules the test server checks, as docs/local-tables.md lists them, each with the test that proves it. */
    @Test
    void everyRuleOfTheLocalTablesPageLinksToATest() {
        String text = Repository.read(Repository.root().resolve("docs/local-tables.md"));
        for (String section : List.of("What the server checks", "Strict mode")) {
            String rules = section(text, section);
            assertThat(listItems(withoutCode(rules))).as("rules in " + section).isNotEmpty();
            assertThat(itemsWithoutATest(rules))
                    .as("rules of local-tables.md (" + section + ") without a test")
                    .isEmpty();
        }
    }

    /**
     * A link {@code [`Type#method`](path/Type.java)} in any document goes to that type's file, and the method is there:
     * a test method in a test source, a declared method otherwise.
     */
    @Test
    void everyTypeAndMethodLinkNamesAMethodThatExists() {
        List<String> problems = new ArrayList<>();
        for (Path doc : Repository.documents()) {
            problems.addAll(methodLinkProblems(doc));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPropertyNamedInTheDocsExists() {
        Set<String> properties = ConfigurationDoc.properties().keySet();
        Set<String> codeNames = namesInCode();
        Set<String> unknown = new TreeSet<>();
        for (Path doc : Repository.documents()) {
            Matcher name = PROPERTY.matcher(Repository.read(doc));
            while (name.find()) {
                String found = name.group(1);
                if (!isProperty(found, properties) && !codeNames.contains(found)) {
                    unknown.add(Repository.relative(doc) + ": " + found);
                }
            }
        }
        assertThat(unknown)
                .as("names that are neither a configuration property nor a name the code uses")
                .isEmpty();
    }

    @Test
    void readmeApplicationYamlNamesOnlyRealPropertiesAndStartsTheStarter() throws Exception {
        String yaml = readmeBlock("yaml", "zerobus:");
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("README.md application.yml", new ByteArrayResource(yaml.getBytes()));
        Set<String> properties = ConfigurationDoc.properties().keySet();
        Map<String, Object> flat = new LinkedHashMap<>();
        for (PropertySource<?> source : sources) {
            for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                flat.put(key, source.getProperty(key));
            }
        }
        assertThat(flat.keySet().stream()
                        .filter(key -> key.startsWith("zerobus.") || key.startsWith("management.health.zerobus."))
                        .filter(key -> !isProperty(key, properties)))
                .as("keys of the README's application.yml that are no property")
                .isEmpty();
        List<String> overrides = new ArrayList<>();
        // The README's protobuf class is the reader's own; any generated message class stands in for it.
        flat.forEach((key, value) -> {
            if (key.endsWith(".proto-message-class")) {
                overrides.add(key + "=com.google.protobuf.Duration");
            }
        });
        try (ZerobusTestServer server = ZerobusTestServer.builder().build().start()) {
            server.springProperties().forEach((key, value) -> overrides.add(key + "=" + value));
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            JacksonAutoConfiguration.class,
                            ZerobusEmbeddedServerAutoConfiguration.class,
                            ZerobusAutoConfiguration.class,
                            ZerobusHealthContributorAutoConfiguration.class))
                    .withInitializer(context -> {
                        MutablePropertySources env = context.getEnvironment().getPropertySources();
                        sources.forEach(env::addLast);
                    })
                    .withPropertyValues(overrides.toArray(String[]::new))
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(ZerobusOperations.class);
                        ZerobusStreamPool pool = context.getBean(ZerobusStreamPool.class);
                        ZerobusProperties bound = context.getBean(ZerobusProperties.class);
                        assertThat(bound.getDefaultTable()).isEqualTo(flat.get("zerobus.default-table"));
                        // Eager tables open at start-up with their configured stream counts.
                        flat.forEach((key, value) -> {
                            Matcher streams = Pattern.compile("zerobus\\.tables\\.(.+)\\.streams")
                                    .matcher(key);
                            if (streams.matches()) {
                                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                                                pool.status(streams.group(1)).openStreams())
                                        .as(key)
                                        .isEqualTo(Integer.parseInt(value.toString())));
                            }
                        });
                    });
        }
    }

    /**
     * The docs say ZEROBUS_CLIENT_SECRET sets zerobus.client-secret, and give Boot's canonical form (dots to
     * underscores, dashes removed) for the rest.
     */
    @Test
    void environmentVariablesWithUnderscoresBind() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                        "ZEROBUS_CLIENT_SECRET", "s",
                        "ZEROBUS_WORKSPACE_URL", "https://w.example",
                        "ZEROBUS_SHUTDOWN_FLUSHTIMEOUT", "5s")));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        ZerobusProperties properties = binder.bindOrCreate("zerobus", ZerobusProperties.class);
        assertThat(properties.getClientSecret()).isEqualTo("s");
        assertThat(properties.getWorkspaceUrl()).isEqualTo("https://w.example");
        assertThat(properties.getShutdown().getFlushTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    /** Every class a README snippet imports is on the classpath of an application that uses the starter and test. */
    @Test
    void everyImportInTheReadmeResolves() {
        String readme = Repository.read(Repository.root().resolve("README.md"));
        Matcher block = FENCE.matcher(readme);
        Set<String> imports = new LinkedHashSet<>();
        while (block.find()) {
            if (block.group(1).equals("java")) {
                Matcher imported = Pattern.compile("(?m)^import (static )?([\\w.]+)\\.(\\w+|\\*);")
                        .matcher(block.group(2));
                while (imported.find()) {
                    imports.add(
                            (imported.group(1) != null ? "static " : "") + imported.group(2) + "." + imported.group(3));
                }
            }
        }
        assertThat(imports).as("imports in the README").isNotEmpty();
        List<String> unresolved = new ArrayList<>();
        for (String name : imports) {
            boolean isStatic = name.startsWith("static ");
            String qualified = isStatic ? name.substring("static ".length()) : name;
            if (qualified.startsWith("com.example.")) {
                continue;
            }
            String type = isStatic ? qualified.substring(0, qualified.lastIndexOf('.')) : qualified;
            if (!ClassUtils.isPresent(type, getClass().getClassLoader())) {
                unresolved.add(name);
            }
        }
        assertThat(unresolved).isEmpty();
    }

    /** A property, or a group of properties ({@code zerobus.stream}, {@code zerobus.stream.*}), of the metadata. */
    private static boolean isProperty(String name, Set<String> properties) {
        String canonical = metadataName(name.replaceAll("\\.\\*$", ""));
        return properties.contains(canonical) || properties.stream().anyMatch(p -> p.startsWith(canonical + "."));
    }

    /**
     * The metadata's name of a per-table property as users write it: the table key, bracketed, dotted
     * ({@code main.iot.readings}) or a placeholder ({@code <table>}), becomes {@code *}.
     */
    private static String metadataName(String name) {
        Matcher bracket = Pattern.compile("zerobus\\.tables\\[[^\\]]+\\](.*)").matcher(name);
        if (bracket.matches()) {
            return "zerobus.tables.*" + bracket.group(1);
        }
        Matcher placeholder =
                Pattern.compile("zerobus\\.tables\\.<[^>]+>(?:\\.<[^>]+>)*(.*)").matcher(name);
        if (placeholder.matches()) {
            return "zerobus.tables.*" + placeholder.group(1);
        }
        Matcher dotted = Pattern.compile("zerobus\\.tables\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+(\\..+)?")
                .matcher(name);
        if (dotted.matches()) {
            return "zerobus.tables.*" + (dotted.group(1) != null ? dotted.group(1) : "");
        }
        // The embedded server's tables are a Map of ZerobusEmbeddedServerProperties.Table: the metadata has only the
        // map, so a table key followed by one of Table's settings (or none) names that map.
        Matcher embedded = Pattern.compile("zerobus\\.embedded\\.tables(?:\\[[^\\]]+\\]|(?:\\.<[^>]+>)+"
                        + "|\\.[\\w-]+\\.[\\w-]+\\.[\\w-]+)(?:\\.([\\w-]+)(?:\\[\\d+\\])?)?")
                .matcher(name);
        if (embedded.matches()
                && (embedded.group(1) == null || embeddedTableSettings().contains(embedded.group(1)))) {
            return "zerobus.embedded.tables";
        }
        return name;
    }

    /** The settings of one embedded-server table, as properties spell them: {@code columns}, {@code schema}. */
    private static Set<String> embeddedTableSettings() {
        Set<String> settings = new TreeSet<>();
        for (PropertyDescriptor property :
                BeanUtils.getPropertyDescriptors(ZerobusEmbeddedServerProperties.Table.class)) {
            if (property.getWriteMethod() != null) {
                settings.add(property.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
            }
        }
        return settings;
    }

    /** zerobus.* names used by the code but not configuration properties: metrics, system properties, build flags. */
    private static Set<String> namesInCode() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Repository.root())) {
            files.filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .filter(p -> p.toString().endsWith(".java")
                            || p.getFileName().toString().equals("pom.xml"))
                    .forEach(file -> {
                        Matcher literal = LITERAL.matcher(Repository.read(file));
                        while (literal.find()) {
                            names.add(literal.group(1) != null ? literal.group(1) : literal.group(2));
                        }
                    });
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return names;
    }

    private static List<String> methodLinkProblems(Path doc) {
        List<String> problems = new ArrayList<>();
        Matcher link = TEST_LINK.matcher(withoutCode(Repository.read(doc)));
        while (link.find()) {
            String type = link.group(1);
            String method = link.group(2);
            Path file = doc.getParent().resolve(link.group(3)).normalize();
            String where = Repository.relative(doc) + ": " + link.group();
            if (!file.getFileName().toString().equals(type + ".java")) {
                problems.add(where + ": the link does not go to " + type + ".java");
            } else if (!Files.exists(file)) {
                problems.add(where + ": no such file");
            } else if (file.toString().contains("/src/test/")) {
                if (!isTestMethod(Repository.read(file), method)) {
                    problems.add(where + ": no test method " + method + " in " + type);
                }
            } else if (!declaresMethod(Repository.read(file), method)) {
                problems.add(where + ": no method " + method + " in " + type);
            }
        }
        return problems;
    }

    /** The list items of {@code markdown} that cite no test. */
    private static List<String> itemsWithoutATest(String markdown) {
        List<String> unproven = new ArrayList<>();
        for (String item : listItems(withoutCode(markdown))) {
            if (!TEST_LINK.matcher(item).find()) {
                unproven.add(item);
            }
        }
        return unproven;
    }

    /** The text of the {@code ## heading} section, up to the next {@code ## } heading. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n## " + heading + "\n");
        assertThat(start).as("section ## " + heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    private static boolean declaresMethod(String source, String method) {
        return Pattern.compile("(?m)^\\s+(?:public |protected |private |static |final |default |synchronized )*"
                        + "(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+" + Pattern.quote(method) + "\\s*\\(")
                .matcher(source)
                .find();
    }

    /**
     * A method annotated as a test: the first {@code void} after the annotation is its method, also when other
     * annotations with arrays ({@code @CsvSource({...})}) stand in between.
     */
    private static boolean isTestMethod(String source, String method) {
        return Pattern.compile("@(?:Test|ParameterizedTest|RepeatedTest)\\b(?:(?!\\bvoid\\b)[\\s\\S])*?\\bvoid\\s+"
                        + Pattern.quote(method) + "\\s*\\(")
                .matcher(source)
                .find();
    }

    /** GitHub's heading anchors, and explicit {@code <a id="...">} ones. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Matcher explicit = Pattern.compile("<a id=\"([^\"]+)\"").matcher(markdown);
        while (explicit.find()) {
            anchors.add(explicit.group(1));
        }
        for (String line : withoutCode(markdown).split("\n")) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").replaceAll("<[^>]+>", "");
                anchors.add(heading.toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }

    /** The items of "- " lists, each with its continuation lines. */
    private static List<String> listItems(String markdown) {
        List<String> items = new ArrayList<>();
        StringBuilder item = null;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("- ")) {
                if (item != null) {
                    items.add(item.toString());
                }
                item = new StringBuilder(line);
            } else if (item != null && line.startsWith("  ")) {
                item.append(' ').append(line.strip());
            } else if (item != null) {
                items.add(item.toString());
                item = null;
            }
        }
        if (item != null) {
            items.add(item.toString());
        }
        return items;
    }

    /** The text without fenced code blocks (links and headings there are not Markdown). */
    private static String withoutCode(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    private static String readmeBlock(String language, String containing) {
        Matcher block = FENCE.matcher(Repository.read(Repository.root().resolve("README.md")));
        while (block.find()) {
            if (block.group(1).equals(language) && block.group(2).contains(containing)) {
                return block.group(2);
            }
        }
        throw new AssertionError("README.md has no ```" + language + " block with " + containing);
    }
}
