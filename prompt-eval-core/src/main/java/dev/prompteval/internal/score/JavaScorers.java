package dev.prompteval.internal.score;

import dev.prompteval.score.Scorer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Instantiates the custom scorer class named by a {@code java:fully.qualified.ClassName} assertion type. */
final class JavaScorers {

    private JavaScorers() {
    }

    static Scorer load(String type, ClassLoader loader) {
        String className = type.substring(Scorers.JAVA_PREFIX.length()).strip();
        if (className.isEmpty()) {
            throw new IllegalArgumentException("assertion type \"" + type + "\" names no class; write "
                    + "java:com.example.MyScorer:value with a class implementing " + Scorer.class.getName());
        }
        Class<?> scorerClass = find(className, loader);
        if (!Scorer.class.isAssignableFrom(scorerClass)) {
            throw problem(className, "does not implement " + Scorer.class.getName() + "; implement it to use the "
                    + "class as an assertion type");
        }
        if (scorerClass.isInterface() || Modifier.isAbstract(scorerClass.getModifiers())) {
            throw problem(className, "is abstract; name a concrete class");
        }
        try {
            return (Scorer) scorerClass.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw problem(className, "has no public no-argument constructor; add one (a nested class must also be "
                    + "static)");
        } catch (IllegalAccessException e) {
            throw problem(className, "is not accessible; make the class public");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("custom scorer " + className + ": its constructor threw "
                    + e.getCause(), e.getCause());
        } catch (InstantiationException e) {
            throw problem(className, "cannot be instantiated: " + e);
        }
    }

    private static Class<?> find(String className, ClassLoader loader) {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw problem(className, "was not found on the class path; check the spelling (a nested class is "
                    + "written Outer$Inner) and that the class is compiled into the test class path");
        } catch (LinkageError e) {
            throw new IllegalArgumentException("custom scorer " + className + " could not be loaded: " + e, e);
        }
    }

    private static IllegalArgumentException problem(String className, String problem) {
        return new IllegalArgumentException("custom scorer class " + className + " " + problem);
    }
}
