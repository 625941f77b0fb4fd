package dev.prompteval.internal.run;

/**
 * Told how a run is going: at most once per {@link RunOptions#progressInterval()} while results complete, and once
 * more at the end ({@link Progress#finished()} true). Calls never overlap. Keep it cheap (log a line): it runs on a
 * worker thread that is not calling the model meanwhile.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> { };

    void onProgress(Progress progress);
}
