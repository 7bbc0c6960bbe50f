package io.eventbank.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.eventbank.web", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("application").definedBy("..application..")
            .layer("web").definedBy("..web.banking.web..")
            .layer("infrastructure").definedBy("..infrastructure..")
            .whereLayer("web").mayNotBeAccessedByAnyLayer()
            .whereLayer("application").mayOnlyBeAccessedByLayers("web", "infrastructure");

    @ArchTest
    static final ArchRule pagesCallTheApisOnlyThroughBankApi = noClasses().that().resideInAPackage("..banking.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web.client..",
                    "org.springframework.security.oauth2.client..", "..banking.infrastructure..");

    @ArchTest
    static final ArchRule applicationKnowsNoFrameworks = noClasses().that().resideInAPackage("..application..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "tools.jackson..");
}
