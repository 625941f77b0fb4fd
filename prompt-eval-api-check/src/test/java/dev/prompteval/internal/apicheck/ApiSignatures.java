package dev.prompteval.internal.apicheck;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one module as text: one line per public type and per public or protected member, sorted, with
 * generic signatures. A type is public API when it and its enclosing types are public and its package is not an
 * {@code internal} one. Alongside, every place where that API names a type users cannot use: an internal type, or
 * a type that is not public.
 */
final class ApiSignatures {
    private final TreeMap<String, String> headers = new TreeMap<>();
    private final TreeMap<String, TreeSet<String>> members = new TreeMap<>();
    private final List<String> leaks = new ArrayList<>();

    private ApiSignatures() {
    }

    /** The API of the classes in {@code location} (a jar or a folder) whose names {@code owned} accepts. */
    static ApiSignatures of(Path location, Predicate<String> owned) throws IOException {
        ApiSignatures api = new ApiSignatures();
        for (String name : classNames(location)) {
            if (!owned.test(name)) {
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, ApiSignatures.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + name + " from " + location, e);
            }
            if (isApi(type)) {
                api.describe(type);
            }
        }
        return api;
    }

    /** Where the class was loaded from. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each type's line, then its members' lines indented, types in name order, a blank line between them. */
    String text() {
        StringBuilder out = new StringBuilder();
        headers.forEach((type, header) -> {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(header).append('\n');
            members.getOrDefault(type, new TreeSet<>()).forEach(m -> out.append("  ").append(m).append('\n'));
        });
        return out.toString();
    }

    List<String> leaks() {
        return leaks;
    }

    static boolean isApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return !isInternal(type.getPackageName());
    }

    private static boolean isInternal(String packageName) {
        return packageName.contains(".internal.") || packageName.endsWith(".internal");
    }

    private void describe(Class<?> type) {
        String name = type.getName();
        StringBuilder head = new StringBuilder(modifiers(type)).append(kind(type)).append(' ').append(name);
        if (type.getTypeParameters().length > 0) {
            head.append(typeParameters(type.getTypeParameters()).strip());
        }
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            head.append(" extends ").append(superclass.getTypeName());
            check(name, "extends", superclass);
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0 && !type.isAnnotation()) {
            head.append(type.isInterface() ? " extends " : " implements ").append(
                    Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
            for (Type i : interfaces) {
                check(name, "implements", i);
            }
        }
        if (type.isSealed()) {
            head.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses()).map(Class::getName)
                    .collect(Collectors.joining(", ")));
        }
        headers.put(name, head.toString());
        TreeSet<String> lines = members.computeIfAbsent(name, k -> new TreeSet<>());

        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers(), type) && !f.isSynthetic()) {
                lines.add("field " + modifiers(f.getModifiers()) + f.getGenericType().getTypeName() + " "
                        + f.getName());
                check(name + "." + f.getName(), "has the type", f.getGenericType());
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers(), type) && !c.isSynthetic() && !type.isEnum()) {
                lines.add("constructor " + modifiers(c.getModifiers()) + typeParameters(c.getTypeParameters())
                        + "(" + parameters(c) + ")" + exceptions(c));
                checkExecutable(name + ".<init>", c);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (!visible(m.getModifiers(), type) || m.isSynthetic() || m.isBridge() || enumBoilerplate(type, m)) {
                continue;
            }
            String line = "method " + modifiers(m.getModifiers() & ~(type.isInterface()
                    ? Modifier.ABSTRACT : 0)) + (m.isDefault() ? "default " : "")
                    + typeParameters(m.getTypeParameters()) + m.getGenericReturnType().getTypeName() + " "
                    + m.getName() + "(" + parameters(m) + ")" + exceptions(m);
            if (type.isAnnotation() && m.getDefaultValue() != null) {
                line += " default " + value(m.getDefaultValue());
            }
            lines.add(line);
            check(name + "." + m.getName(), "returns", m.getGenericReturnType());
            checkExecutable(name + "." + m.getName(), m);
        }
    }

    private void checkExecutable(String where, Executable e) {
        for (Type p : e.getGenericParameterTypes()) {
            check(where, "takes", p);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(where, "throws", x);
        }
    }

    private void check(String where, String relation, Type type) {
        for (Class<?> used : rawClasses(type, new HashSet<>())) {
            Class<?> c = used;
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.isPrimitive() || !c.getName().startsWith("dev.prompteval.")) {
                continue;
            }
            if (!isApi(c)) {
                leaks.add(where + " " + relation + " " + c.getName() + ", which is "
                        + (isInternal(c.getPackageName()) ? "internal" : "not public"));
            }
        }
    }

    private static Set<Class<?>> rawClasses(Type type, Set<TypeVariable<?>> seen) {
        Set<Class<?>> out = new HashSet<>();
        if (type instanceof Class<?> c) {
            out.add(c);
        } else if (type instanceof ParameterizedType p) {
            out.addAll(rawClasses(p.getRawType(), seen));
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(rawClasses(a, seen));
            }
        } else if (type instanceof GenericArrayType g) {
            out.addAll(rawClasses(g.getGenericComponentType(), seen));
        } else if (type instanceof WildcardType w) {
            Stream.concat(Arrays.stream(w.getUpperBounds()), Arrays.stream(w.getLowerBounds()))
                    .forEach(b -> out.addAll(rawClasses(b, seen)));
        } else if (type instanceof TypeVariable<?> v && seen.add(v)) {
            for (Type b : v.getBounds()) {
                out.addAll(rawClasses(b, seen));
            }
        }
        return out;
    }

    /** Members users can reach: public ones, and protected ones of a class they can extend. */
    private static boolean visible(int modifiers, Class<?> owner) {
        return Modifier.isPublic(modifiers) || (Modifier.isProtected(modifiers) && !Modifier.isFinal(
                owner.getModifiers()) && !owner.isEnum() && !owner.isRecord());
    }

    private static boolean enumBoilerplate(Class<?> type, Method m) {
        return type.isEnum() && ((m.getName().equals("values") && m.getParameterCount() == 0)
                || (m.getName().equals("valueOf") && m.getParameterCount() == 1
                && m.getParameterTypes()[0] == String.class));
    }

    private static String kind(Class<?> type) {
        if (type.isAnnotation()) {
            return "@interface";
        }
        if (type.isInterface()) {
            return "interface";
        }
        if (type.isEnum()) {
            return "enum";
        }
        return type.isRecord() ? "record" : "class";
    }

    private static String modifiers(Class<?> type) {
        int m = type.getModifiers() & ~Modifier.INTERFACE;
        if (type.isInterface() || type.isEnum() || type.isRecord()) {
            m &= ~(Modifier.ABSTRACT | Modifier.FINAL | Modifier.STATIC);
        }
        return modifiers(m) + (type.isSealed() ? "sealed " : "");
    }

    private static String modifiers(int m) {
        String text = Modifier.toString(m & ~(Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.TRANSIENT
                | Modifier.VOLATILE | Modifier.STRICT));
        return text.isEmpty() ? "" : text + " ";
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            List<Type> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).toList();
            return bounds.isEmpty() ? v.getName() : v.getName() + " extends "
                    + bounds.stream().map(Type::getTypeName).collect(Collectors.joining(" & "));
        }).collect(Collectors.joining(", ", "<", "> "));
    }

    private static String parameters(Executable e) {
        Type[] types = e.getGenericParameterTypes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String t = types[i].getTypeName();
            names.add(e.isVarArgs() && i == types.length - 1 ? t.substring(0, t.length() - 2) + "..." : t);
        }
        return String.join(", ", names);
    }

    private static String exceptions(Executable e) {
        Type[] thrown = e.getGenericExceptionTypes();
        return thrown.length == 0 ? "" : " throws " + Arrays.stream(thrown).map(Type::getTypeName)
                .collect(Collectors.joining(", "));
    }

    private static String value(Object value) {
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(value(Array.get(value, i)));
            }
            return "{" + String.join(", ", items) + "}";
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (value instanceof Class<?> c) {
            return c.getName() + ".class";
        }
        if (value instanceof Enum<?> e) {
            return e.getDeclaringClass().getName() + "." + e.name();
        }
        return String.valueOf(value);
    }

    private static List<String> classNames(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            return classNamesUnder(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return classNamesUnder(jar.getPath("/"));
        }
    }

    private static List<String> classNamesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString())
                    .filter(n -> !n.startsWith("META-INF") && !n.endsWith("module-info.class")
                            && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .toList();
        }
    }
}
