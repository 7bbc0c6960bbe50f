package io.eventbank.transfers;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.eventbank.testsupport.CommandServiceLayers;

@AnalyzeClasses(packages = "io.eventbank.transfers", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests layers = ArchTests.in(CommandServiceLayers.class);
}
