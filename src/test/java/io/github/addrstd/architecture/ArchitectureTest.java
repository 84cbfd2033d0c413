package io.github.addrstd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package graph reads as the data flow and has no cycles: {@code event} (the records that flow)
 * and {@code text} (what else people write into an address field) at the bottom, the stage packages
 * above it, {@code tagging} joining batching and the model, {@code job} wiring the stages, {@code
 * local} and {@code tools} as entry points on top.
 */
@AnalyzeClasses(
        packages = "io.github.addrstd",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String OURS = "io.github.addrstd..";

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.github.addrstd.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layersFollowTheDataFlow =
            layeredArchitecture()
                    .consideringOnlyDependenciesInAnyPackage(OURS)
                    .layer("event")
                    .definedBy("io.github.addrstd.event..")
                    .layer("text")
                    .definedBy("io.github.addrstd.text..")
                    .layer("metrics")
                    .definedBy("io.github.addrstd.metrics..")
                    .layer("source")
                    .definedBy("io.github.addrstd.source..")
                    .layer("batching")
                    .definedBy("io.github.addrstd.batching..")
                    .layer("model")
                    .definedBy("io.github.addrstd.model..")
                    .layer("tagging")
                    .definedBy("io.github.addrstd.tagging..")
                    .layer("standardize")
                    .definedBy("io.github.addrstd.standardize..")
                    .layer("sink")
                    .definedBy("io.github.addrstd.sink..")
                    .layer("job")
                    .definedBy("io.github.addrstd.job..")
                    .layer("entry points")
                    .definedBy("io.github.addrstd.local..", "io.github.addrstd.tools..")
                    .whereLayer("event")
                    .mayNotAccessAnyLayer()
                    .whereLayer("text")
                    .mayNotAccessAnyLayer()
                    .whereLayer("batching")
                    .mayNotAccessAnyLayer()
                    .whereLayer("metrics")
                    .mayOnlyAccessLayers("event")
                    .whereLayer("model")
                    .mayOnlyAccessLayers("event", "text")
                    .whereLayer("source")
                    .mayOnlyAccessLayers("event", "metrics")
                    .whereLayer("standardize")
                    .mayOnlyAccessLayers("event", "metrics", "text")
                    .whereLayer("sink")
                    .mayOnlyAccessLayers("event")
                    .whereLayer("tagging")
                    .mayOnlyAccessLayers("event", "metrics", "batching", "model", "text")
                    .whereLayer("job")
                    .mayOnlyBeAccessedByLayers("entry points");

    /**
     * The records, the batcher, the model and the standardizer run and test without a Flink
     * runtime.
     */
    @ArchTest
    static final ArchRule coreIsFreeOfFlink =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "io.github.addrstd.event..",
                            "io.github.addrstd.text..",
                            "io.github.addrstd.batching..",
                            "io.github.addrstd.model..")
                    .or()
                    .haveSimpleName("Standardizer")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..");

    /**
     * DJL's native engine loads where the model is owned (one per TaskManager), nowhere else in the
     * job.
     */
    @ArchTest
    static final ArchRule djlOnlyWhereTheModelIsOwned =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "io.github.addrstd.event..",
                            "io.github.addrstd.text..",
                            "io.github.addrstd.metrics..",
                            "io.github.addrstd.source..",
                            "io.github.addrstd.batching..",
                            "io.github.addrstd.standardize..",
                            "io.github.addrstd.sink..",
                            "io.github.addrstd.job..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("ai.djl..");
}
