package dev.prompteval.internal.provider;

import dev.prompteval.provider.CustomTarget;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.TimeoutException;

/** Loads a {@code java:<class>} target and adapts a {@link CustomTarget} to a {@link ModelProvider}. */
final class CustomTargets {
    private CustomTargets() {
    }

    /** @throws IllegalArgumentException naming the class and what to do when it cannot be used */
    static ModelProvider load(String className, ClassLoader loader) {
        String where = "custom target 'java:" + className + "'";
        Object instance;
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!CustomTarget.class.isAssignableFrom(type) && !ModelProvider.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(where + " implements neither " + CustomTarget.class.getName()
                        + " nor " + ModelProvider.class.getName() + "; implement CustomTarget");
            }
            instance = type.getConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IllegalArgumentException(where + " was not found on the class path; check the class name "
                    + "(fully qualified) and that the class is compiled in this project or a dependency", e);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException(where + " needs a public no-argument constructor (and a public class)",
                    e);
        } catch (InvocationTargetException | InstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException(where + " could not be created: its constructor threw " + cause, cause);
        }
        return instance instanceof ModelProvider provider ? provider
                : new Adapter("java:" + className, (CustomTarget) instance);
    }

    /** Runs a {@link CustomTarget}; it reports no usage. */
    record Adapter(String endpoint, CustomTarget target) implements ModelProvider {
        @Override
        public ModelResponse complete(ModelRequest request) throws ProviderException {
            try {
                return new ModelResponse(target.respond(request.prompt()), null, Usage.UNKNOWN);
            } catch (ProviderException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(Kind.NETWORK, endpoint + " was interrupted", 0, null, e);
            } catch (TimeoutException e) {
                throw failure(Kind.TIMEOUT, e);
            } catch (IOException e) {
                throw failure(Kind.NETWORK, e);
            } catch (Exception e) {
                throw failure(Kind.BAD_REQUEST, e);
            }
        }

        private ProviderException failure(Kind kind, Exception e) {
            return new ProviderException(kind, endpoint + " failed: " + e, 0, null, e);
        }
    }
}
