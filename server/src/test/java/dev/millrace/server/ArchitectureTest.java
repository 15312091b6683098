package dev.millrace.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.millrace.server");

  @Test
  void theAppNeverDependsOnTheEngineTheWorkerOrThePieces() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.millrace.engine..", "dev.millrace.worker..", "dev.millrace.pieces..")
        .check(SERVER);
  }

  @Test
  void storesDoNotKnowAboutHttp() {
    noClasses()
        .that()
        .resideInAPackage("dev.millrace.server.internal.db..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "dev.millrace.server.internal.api..")
        .check(SERVER);
  }
}
