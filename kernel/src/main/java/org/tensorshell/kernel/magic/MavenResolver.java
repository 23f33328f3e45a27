package org.tensorshell.kernel.magic;

import eu.maveniverse.maven.mima.context.Context;
import eu.maveniverse.maven.mima.context.ContextOverrides;
import eu.maveniverse.maven.mima.context.Runtimes;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * %maven: resolves artifacts with their transitive compile and runtime dependencies, the way
 * Maven does (Maven Resolver, embedded through MIMA): the user's local repository
 * (~/.m2/repository, or what settings.xml says) first, then Maven Central and the repositories
 * of the user's settings.xml; downloads land in the local repository.
 */
public final class MavenResolver {
    private MavenResolver() {
    }

    /** Jar files of {@code coordinates} (g:a:v, g:a:ext:v or g:a:ext:classifier:v) and their dependencies. */
    public static List<Path> resolve(List<String> coordinates) throws Exception {
        ContextOverrides overrides = ContextOverrides.create().withUserSettings(true).build();
        try (Context context = Runtimes.INSTANCE.getRuntime().create(overrides)) {
            CollectRequest collect = new CollectRequest();
            for (String c : coordinates) {
                collect.addDependency(new Dependency(new DefaultArtifact(c), JavaScopes.RUNTIME));
            }
            collect.setRepositories(context.remoteRepositories());
            DependencyRequest request = new DependencyRequest(collect,
                    DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : context.repositorySystem()
                    .resolveDependencies(context.repositorySystemSession(), request).getArtifactResults()) {
                if (r.getArtifact() != null && r.getArtifact().getFile() != null) {
                    jars.add(r.getArtifact().getFile().toPath());
                }
            }
            return jars;
        }
    }
}
