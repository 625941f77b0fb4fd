package dev.prompteval.junit;

import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.RenderedPrompt;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** A test class's {@link PromptTarget} method, checked when the suite is set up and bound to an instance to run. */
final class MethodTarget {
    private final Method method;
    private final boolean textPrompt;
    private final boolean withRow;

    private MethodTarget(Method method) {
        this.method = method;
        this.textPrompt = method.getParameterTypes()[0] == String.class;
        this.withRow = method.getParameterCount() == 2;
    }

    /**
     * @param problems collects what is wrong with the class's {@code @PromptTarget} methods
     * @return the class's target, or null when it has none (or an unusable one)
     */
    static MethodTarget find(Class<?> testClass, List<String> problems) {
        List<Method> methods = AnnotationSupport.findAnnotatedMethods(testClass, PromptTarget.class,
                HierarchyTraversalMode.TOP_DOWN);
        if (methods.isEmpty()) return null;
        if (methods.size() > 1) {
            problems.add(testClass.getName() + " has " + methods.size() + " @PromptTarget methods ("
                    + methods.stream().map(Method::getName).collect(Collectors.joining(", "))
                    + "); keep one, it serves every @PromptEval method of the class");
            return null;
        }
        Method method = methods.get(0);
        Class<?>[] types = method.getParameterTypes();
        boolean prompt = types.length >= 1 && (types[0] == RenderedPrompt.class || types[0] == String.class);
        boolean row = types.length == 1 || types.length == 2 && types[1] == PromptRow.class;
        if (!prompt || !row || method.getReturnType() != String.class) {
            problems.add("@PromptTarget " + describe(method) + " must return String and take (RenderedPrompt), "
                    + "(RenderedPrompt, PromptRow), (String) or (String, PromptRow)");
            return null;
        }
        if (!method.trySetAccessible()) {
            problems.add("@PromptTarget " + describe(method) + " cannot be made accessible; make it public");
            return null;
        }
        return new MethodTarget(method);
    }

    boolean isStatic() {
        return Modifier.isStatic(method.getModifiers());
    }

    Class<?> declaringClass() {
        return method.getDeclaringClass();
    }

    /** How results name what produced the outputs: {@code junit-target <class>#<method>}. */
    String endpoint() {
        return "junit-target " + method.getDeclaringClass().getName() + "#" + method.getName();
    }

    /** @param instance the test instance to call it on; ignored for a static method */
    ModelProvider bind(Object instance) {
        return new Bound(isStatic() ? null : instance);
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                + ")";
    }

    /** The method as a model: thread-safe as far as the method is. */
    private final class Bound implements ModelProvider {
        private final Object instance;

        Bound(Object instance) {
            this.instance = instance;
        }

        @Override
        public String endpoint() {
            return MethodTarget.this.endpoint();
        }

        @Override
        public ModelResponse complete(ModelRequest request) throws ProviderException {
            Object prompt = textPrompt ? request.prompt().text() : request.prompt();
            Object[] args = withRow ? new Object[] {prompt, new PromptRow(request.row())} : new Object[] {prompt};
            Object output;
            try {
                output = method.invoke(instance, args);
            } catch (InvocationTargetException e) {
                throw classify(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("@PromptTarget " + describe(method) + " is not accessible", e);
            }
            if (output == null) {
                throw new ProviderException(Kind.MALFORMED_RESPONSE, "@PromptTarget " + describe(method)
                        + " returned null for row " + request.row().displayName() + "; return the output text");
            }
            return new ModelResponse((String) output, null, Usage.UNKNOWN);
        }

        private ProviderException classify(Throwable thrown) {
            if (thrown instanceof VirtualMachineError fatal) throw fatal;
            if (thrown instanceof ProviderException e) return e;
            if (thrown instanceof InterruptedException) Thread.currentThread().interrupt();
            Kind kind = thrown instanceof InterruptedException || thrown instanceof IOException ? Kind.NETWORK
                    : thrown instanceof TimeoutException ? Kind.TIMEOUT : Kind.BAD_REQUEST;
            return new ProviderException(kind, "@PromptTarget " + describe(method) + " threw " + thrown, 0, null,
                    thrown);
        }
    }
}
