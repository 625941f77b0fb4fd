package dev.prompteval.internal.retry;

import okhttp3.Headers;

import java.util.List;
import java.util.Locale;

/**
 * Classifies a non-2xx HTTP answer for retrying, as the official OpenAI and Anthropic SDKs do, with one difference:
 * quota and billing errors are never retried, since waiting does not refill an account.
 * <ol>
 * <li>A quota or billing error in the body ({@code insufficient_quota}, {@code credit_balance_exhausted},
 *     {@code ..._spend_limit_exceeded}, {@code billing_hard_limit_reached}) is {@link FailureClass#PERMANENT}.</li>
 * <li>{@code x-should-retry: true} or {@code false} from the server is obeyed.</li>
 * <li>429, 529 and 503 are {@link FailureClass#OVERLOAD}; 408, 409 (a lock timeout) and other 5xx are
 *     {@link FailureClass#TRANSIENT}; everything else is permanent.</li>
 * </ol>
 */
public final class HttpRetry {
    private static final List<String> QUOTA_MARKERS = List.of("insufficient_quota", "credit_balance_exhausted",
            "spend_limit_exceeded", "billing_hard_limit_reached");

    private HttpRetry() {
    }

    /**
     * @param errorBody the response body as text, or null
     */
    public static FailureClass classify(int status, Headers headers, String errorBody) {
        if (quotaExhausted(errorBody)) return FailureClass.PERMANENT;
        String shouldRetry = headers.get("x-should-retry");
        boolean busy = status == 429 || status == 529 || status == 503;
        if ("true".equals(shouldRetry)) return busy ? FailureClass.OVERLOAD : FailureClass.TRANSIENT;
        if ("false".equals(shouldRetry)) return FailureClass.PERMANENT;
        if (busy) return FailureClass.OVERLOAD;
        if (status == 408 || status == 409 || status >= 500) return FailureClass.TRANSIENT;
        return FailureClass.PERMANENT;
    }

    /** True when the body names a quota or billing limit, which no wait recovers from. */
    public static boolean quotaExhausted(String errorBody) {
        if (errorBody == null) return false;
        String text = errorBody.toLowerCase(Locale.ROOT);
        return QUOTA_MARKERS.stream().anyMatch(text::contains);
    }
}
