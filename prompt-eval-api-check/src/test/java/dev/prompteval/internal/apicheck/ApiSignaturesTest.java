package dev.prompteval.internal.apicheck;

import dev.prompteval.apicheck.fixture.Widget;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The check itself: what it lists as API, and that it catches an API naming an internal or hidden type. */
class ApiSignaturesTest {
    private final ApiSignatures api = ApiSignatures.of(ApiSignatures.locationOf(Widget.class),
            n -> n.startsWith("dev.prompteval.apicheck.fixture.")
                    || n.startsWith("dev.prompteval.internal.apicheck.fixture."));

    ApiSignaturesTest() throws IOException {
    }

    @Test
    void listsPublicTypesAndTheirPublicAndProtectedMembersOnly() {
        assertThat(api.text()).isEqualTo("""
                public class dev.prompteval.apicheck.fixture.Widget<T extends java.lang.Comparable<T>>
                  constructor public (java.lang.String)
                  field public static final int SIZE
                  method protected void turn(T, int...) throws java.io.IOException
                  method public java.util.List<dev.prompteval.internal.apicheck.fixture.Gear> gears()

                public static final class dev.prompteval.apicheck.fixture.Widget$Part
                  constructor public ()
                  method public dev.prompteval.apicheck.fixture.Hidden hidden()
                """);
    }

    @Test
    void reportsEveryPlaceTheApiNamesATypeUsersCannotUse() {
        assertThat(api.leaks()).containsExactlyInAnyOrder(
                "dev.prompteval.apicheck.fixture.Widget.gears returns dev.prompteval.internal.apicheck.fixture.Gear,"
                        + " which is internal",
                "dev.prompteval.apicheck.fixture.Widget$Part.hidden returns dev.prompteval.apicheck.fixture.Hidden,"
                        + " which is not public");
    }
}
