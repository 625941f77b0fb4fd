package dev.prompteval.internal.score;

import dev.prompteval.internal.dataset.AssertionTypes;
import dev.prompteval.score.NamedScorer;
import dev.prompteval.score.Scorer;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The scorers known by assertion type: the built-ins ({@link #builtInTypes()}), the {@link NamedScorer}s that
 * {@link ServiceLoader} finds on the class loader, scorers registered through the {@link Builder} (e.g. the
 * model-graded ones), and {@code java:fully.qualified.ClassName} for any class on the class loader that implements
 * {@link Scorer} and has a public no-argument constructor. Types are looked up without their {@code not-} prefix:
 * negation is applied by {@link RowScorer}, the same way for every scorer.
 *
 * <p>Each scorer is one shared instance (a {@code java:} class is instantiated once per {@code Scorers}) and is
 * called from several threads at once, so scorers must be thread-safe.
 *
 * <pre>{@code
 * Scorers scorers = Scorers.builder().classLoader(testClassLoader).register("llm-rubric", rubricScorer).build();
 * }</pre>
 */
public final class Scorers implements AssertionTypes {

    /** Prefix of an assertion type that names a custom {@link Scorer} class. */
    public static final String JAVA_PREFIX = "java:";

    /** What a named (non-{@code java:}) type may look like; {@code not-} is reserved for negation. */
    private static final Pattern TYPE_NAME = Pattern.compile("(?!not-)[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

    private final Map<String, Scorer> named;
    private final Set<String> builtInTypes;
    private final ClassLoader classLoader;
    private final ConcurrentMap<String, Scorer> javaScorers = new ConcurrentHashMap<>();

    private Scorers(Map<String, Scorer> named, Set<String> builtInTypes, ClassLoader classLoader) {
        this.named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
        this.builtInTypes = Collections.unmodifiableSet(new TreeSet<>(builtInTypes));
        this.classLoader = classLoader;
    }

    /** Built-ins plus the services and {@code java:} classes of the current thread's context class loader. */
    public static Scorers defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * True when {@link #forType} would return a scorer for this type (without its {@code not-} prefix); for a
     * {@code java:} type this loads and instantiates the class. To tell the user why a type is unknown, use the
     * message of {@link #forType}'s exception.
     */
    @Override
    public boolean isKnown(String type) {
        if (named.containsKey(type)) {
            return true;
        }
        try {
            return type.startsWith(JAVA_PREFIX) && forType(type) != null;
        } catch (IllegalArgumentException notLoadable) {
            return false;
        }
    }

    /**
     * The scorer for an assertion type (without its {@code not-} prefix).
     *
     * @throws IllegalArgumentException for an unknown type, listing the valid ones, or for a {@code java:} class
     *                                  that is missing or unusable, saying why and what to do
     */
    public Scorer forType(String type) {
        Scorer scorer = named.get(type);
        if (scorer != null) {
            return scorer;
        }
        if (type.startsWith(JAVA_PREFIX)) {
            return javaScorers.computeIfAbsent(type, t -> JavaScorers.load(t, classLoader));
        }
        throw new IllegalArgumentException(unknown(type));
    }

    /** The built-in assertion types, sorted. */
    public Set<String> builtInTypes() {
        return builtInTypes;
    }

    /** Every named type: built-ins, discovered services and registered scorers, sorted ({@code java:} aside). */
    public Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(named.keySet()));
    }

    /** The named types, for error messages that list what is valid. */
    @Override
    public List<String> names() {
        return List.copyOf(types());
    }

    private String unknown(String type) {
        String suggestion = types().stream()
                .min(Comparator.comparingInt(known -> distance(type, known)))
                .filter(closest -> distance(type, closest) <= (type.length() <= 4 ? 1 : 2))
                .map(closest -> "; did you mean \"" + closest + "\"?").orElse(".");
        return "unknown assertion type \"" + type + "\"" + suggestion + " Valid types: " + String.join(", ", types())
                + ", or java:fully.qualified.ClassName for a custom " + Scorer.class.getSimpleName()
                + " (each may be negated as not-type)";
    }

    private static int distance(String a, String b) {
        return LevenshteinScorer.distance(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** Assembles a {@link Scorers}; every type name must be unique across built-ins, services and registrations. */
    public static final class Builder {
        private ClassLoader classLoader;
        private final Map<String, Scorer> registered = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The class loader that {@code java:} classes and {@link NamedScorer} services are loaded from, e.g. the
         * project's test class path. Default: the thread context class loader at {@link #build()}.
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /** Adds a scorer under a type name ({@code lower-case-with-dashes}, not {@code not-...}). */
        public Builder register(String type, Scorer scorer) {
            checkName(type, "registered scorer " + scorer.getClass().getName());
            if (registered.putIfAbsent(type, scorer) != null) {
                throw new IllegalArgumentException("assertion type \"" + type + "\" is registered twice");
            }
            return this;
        }

        /**
         * @throws IllegalArgumentException when two scorers claim one type, a service scorer cannot be loaded, or a
         *                                  type name is invalid
         */
        public Scorers build() {
            ClassLoader loader = classLoader != null ? classLoader : defaultLoader();
            Map<String, Scorer> builtIns = BuiltInScorers.all();
            Map<String, Scorer> all = new LinkedHashMap<>(builtIns);
            Map<String, String> origin = new LinkedHashMap<>();
            builtIns.keySet().forEach(type -> origin.put(type, "a built-in scorer"));
            for (NamedScorer scorer : discover(loader)) {
                String source = "NamedScorer " + scorer.getClass().getName() + " (from META-INF/services)";
                checkName(scorer.type(), source);
                add(all, origin, scorer.type(), scorer, source);
            }
            registered.forEach((type, scorer) -> add(all, origin, type, scorer,
                    "registered scorer " + scorer.getClass().getName()));
            return new Scorers(all, builtIns.keySet(), loader);
        }

        private static void add(Map<String, Scorer> all, Map<String, String> origin, String type, Scorer scorer,
                                String source) {
            String earlier = origin.putIfAbsent(type, source);
            if (earlier != null) {
                throw new IllegalArgumentException(source + " uses assertion type \"" + type + "\", which is already "
                        + "taken by " + earlier + "; rename its type");
            }
            all.put(type, scorer);
        }

        private static List<NamedScorer> discover(ClassLoader loader) {
            try {
                return ServiceLoader.load(NamedScorer.class, loader).stream().map(ServiceLoader.Provider::get).toList();
            } catch (ServiceConfigurationError e) {
                throw new IllegalArgumentException("a NamedScorer listed in META-INF/services/"
                        + NamedScorer.class.getName() + " could not be loaded: " + e.getMessage()
                        + "; it must be a public class with a public no-argument constructor", e);
            }
        }

        private static void checkName(String type, String source) {
            if (type == null || !TYPE_NAME.matcher(type).matches()) {
                throw new IllegalArgumentException(source + " has an invalid assertion type "
                        + (type == null ? "null" : "\"" + type + "\"")
                        + "; use lower-case letters, digits and single dashes, not starting with not-");
            }
        }

        private static ClassLoader defaultLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : Scorers.class.getClassLoader();
        }
    }
}
