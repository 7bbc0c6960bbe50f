package io.eventbank.view;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.eventbank.view", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPlainJava = noClasses().that().resideInAPackage("..view.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..",
                    "org.apache.kafka..", "jakarta..", "tools.jackson..", "com.fasterxml..");

    @ArchTest
    static final ArchRule applicationKnowsNoWebNorKafka = noClasses().that().resideInAPackage("..view.application..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..",
                    "org.apache.kafka..", "com.mongodb..", "org.bson..");

    @ArchTest
    static final ArchRule webUsesNoStoreDirectly = noClasses().that().resideInAPackage("..view.web..")
            .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..", "org.apache.kafka..");
}
