package dev.prompteval.internal.score;

import dev.prompteval.score.NamedScorer;
import dev.prompteval.score.Score;
import dev.prompteval.score.Scorer;
import dev.prompteval.score.custom.BrokenScorers;
import dev.prompteval.score.custom.MaxWordsScorer;
import dev.prompteval.score.custom.UppercaseScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.prompteval.internal.score.Fixtures.assertion;
import static dev.prompteval.internal.score.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScorersTest {

    private static final String BROKEN = BrokenScorers.class.getName();

    @TempDir
    Path servicesDir;

    @Test
    void builtInTypes() {
        assertThat(Scorers.defaults().builtInTypes()).containsExactly(
                "contains", "contains-all", "contains-any", "contains-json", "equals", "gt", "gte", "icontains",
                "icontains-all", "icontains-any", "is-json", "json-path", "levenshtein", "lt", "lte", "number",
                "regex", "rouge-l", "starts-with");
    }

    @Test
    void knownTypesResolveToTheirScorer() {
        Scorers scorers = Scorers.defaults();
        assertThat(scorers.isKnown("icontains-any")).isTrue();
        assertThat(scorers.forType("contains").score("a b", assertion("contains", "b"), row(null)).pass()).isTrue();
        // negation is the caller's business: the registry knows base types only
        assertThat(scorers.isKnown("not-contains")).isFalse();
    }

    @Test
    void unknownTypeSuggestsTheClosestAndListsTheValidOnes() {
        Scorers scorers = Scorers.defaults();
        assertThat(scorers.isKnown("contans")).isFalse();
        assertThatThrownBy(() -> scorers.forType("contans"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown assertion type \"contans\"; did you mean \"contains\"? Valid types: contains, "
                        + "contains-all, contains-any, contains-json, equals, gt, gte, icontains, icontains-all, "
                        + "icontains-any, is-json, json-path, levenshtein, lt, lte, max-words, number, regex, "
                        + "rouge-l, starts-with, or java:fully.qualified.ClassName for a custom Scorer (each may "
                        + "be negated as not-type)");
        assertThatThrownBy(() -> scorers.forType("sentiment"))
                .hasMessageStartingWith("unknown assertion type \"sentiment\". Valid types: contains, ");
    }

    @Test
    void javaTypeLoadsACustomScorerOnce() {
        Scorers scorers = Scorers.defaults();
        String type = "java:" + UppercaseScorer.class.getName();
        assertThat(scorers.isKnown(type)).isTrue();
        Scorer scorer = scorers.forType(type);
        assertThat(scorer).isInstanceOf(UppercaseScorer.class).isSameAs(scorers.forType(type));
        var rowScorer = new RowScorer(scorers);
        var shout = new dev.prompteval.dataset.Assertion(type, false, null, "", 1.0, "__expected");
        assertThat(rowScorer.score(row(null, shout), "HELLO!").pass()).isTrue();
        var notShout = new dev.prompteval.dataset.Assertion(type, true, null, "", 1.0, "__expected");
        assertThat(rowScorer.score(row(null, notShout), "HELLO!").assertions().get(0).score())
                .isEqualTo(new Score(0.0, false, "negated: no lower-case letters"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            java:com.acme.Missing                 | custom scorer class com.acme.Missing was not found on the class path; check the spelling (a nested class is written Outer$Inner) and that the class is compiled into the test class path
            java:%s$NotAScorer            | custom scorer class %1$s$NotAScorer does not implement dev.prompteval.score.Scorer; implement it to use the class as an assertion type
            java:%s$NeedsArgument         | custom scorer class %1$s$NeedsArgument has no public no-argument constructor; add one (a nested class must also be static)
            java:%s$AbstractScorer        | custom scorer class %1$s$AbstractScorer is abstract; name a concrete class
            java:%s$Hidden                | custom scorer class %1$s$Hidden is not accessible; make the class public
            java:%s$FailingConstructor    | custom scorer %1$s$FailingConstructor: its constructor threw java.lang.IllegalStateException: no rubric configured
            java:                         | assertion type "java:" names no class; write java:com.example.MyScorer:value with a class implementing dev.prompteval.score.Scorer
            """)
    void unusableJavaTypesAreUnknownWithAClearReason(String typeTemplate, String messageTemplate) {
        String type = String.format(typeTemplate, BROKEN);
        Scorers scorers = Scorers.defaults();
        assertThat(scorers.isKnown(type)).isFalse();
        assertThatThrownBy(() -> scorers.forType(type))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(String.format(messageTemplate, BROKEN));
    }

    @Test
    void serviceLoaderNamedScorersAreDiscovered() {
        Scorers scorers = Scorers.defaults();
        assertThat(scorers.isKnown("max-words")).isTrue();
        assertThat(scorers.forType("max-words")).isInstanceOf(MaxWordsScorer.class);
        assertThat(scorers.types()).contains("max-words");
        assertThat(scorers.builtInTypes()).doesNotContain("max-words");
        assertThat(Fixtures.score("max-words", "3", "one two three four"))
                .isEqualTo(Score.fail("4 words, at most 3 expected"));
    }

    @Test
    void serviceScorerClaimingABuiltInNameIsAnError() throws IOException {
        var builder = Scorers.builder().classLoader(loaderListing(BROKEN + "$ClashingContains"));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NamedScorer " + BROKEN + "$ClashingContains (from META-INF/services) uses assertion "
                        + "type \"contains\", which is already taken by a built-in scorer; rename its type");
    }

    @Test
    void twoServiceScorersWithOneNameAreAnError() throws IOException {
        // the test class path already lists MaxWordsScorer
        var builder = Scorers.builder().classLoader(loaderListing(BROKEN + "$AnotherMaxWords"));
        assertThatThrownBy(builder::build)
                .hasMessage("NamedScorer " + BROKEN + "$AnotherMaxWords (from META-INF/services) uses assertion "
                        + "type \"max-words\", which is already taken by NamedScorer " + MaxWordsScorer.class.getName()
                        + " (from META-INF/services); rename its type");
    }

    @Test
    void unloadableOrBadlyNamedServiceScorersAreErrors() throws IOException {
        assertThatThrownBy(() -> Scorers.builder().classLoader(loaderListing("com.acme.Gone")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a NamedScorer listed in META-INF/services/dev.prompteval.score.NamedScorer "
                        + "could not be loaded: ")
                .hasMessageContaining("com.acme.Gone");
        assertThatThrownBy(() -> Scorers.builder().classLoader(loaderListing(BROKEN + "$BadName")).build())
                .hasMessage("NamedScorer " + BROKEN + "$BadName (from META-INF/services) has an invalid assertion "
                        + "type \"Word Count\"; use lower-case letters, digits and single dashes, not starting "
                        + "with not-");
    }

    @Test
    void scorersCanBeRegisteredProgrammatically() {
        Scorer rubric = (output, assertion, row) -> Score.pass("rubric met");
        Scorers scorers = Scorers.builder().register("llm-rubric", rubric).build();
        assertThat(scorers.forType("llm-rubric")).isSameAs(rubric);
        assertThat(scorers.isKnown("llm-rubric")).isTrue();
        assertThat(scorers.types()).contains("llm-rubric", "contains", "max-words");
        assertThat(scorers.builtInTypes()).doesNotContain("llm-rubric");
        assertThat(Scorers.defaults().isKnown("llm-rubric")).isFalse();
    }

    @Test
    void registrationsMustNotClashAndMustBeWellNamed() {
        Scorer any = (output, assertion, row) -> Score.pass("");
        assertThatThrownBy(() -> Scorers.builder().register("regex", any).build())
                .hasMessageContaining("uses assertion type \"regex\", which is already taken by a built-in scorer");
        assertThatThrownBy(() -> Scorers.builder().register("max-words", any).build())
                .hasMessageContaining("already taken by NamedScorer " + MaxWordsScorer.class.getName());
        assertThatThrownBy(() -> Scorers.builder().register("similar", any).register("similar", any))
                .hasMessage("assertion type \"similar\" is registered twice");
        for (String bad : new String[] {"not-similar", "Similar", "two words", "trailing-", "java:x"}) {
            assertThatThrownBy(() -> Scorers.builder().register(bad, any))
                    .as(bad).hasMessageContaining("has an invalid assertion type \"" + bad + "\"");
        }
    }

    /** A class loader over the test class path that lists {@code classNames} as NamedScorer services. */
    private ClassLoader loaderListing(String... classNames) throws IOException {
        Path services = servicesDir.resolve("META-INF/services/" + NamedScorer.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {servicesDir.toUri().toURL()}, getClass().getClassLoader());
    }
}
