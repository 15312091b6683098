package dev.millrace.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Architecture §6: the worker reaches state only through Redis and the app's HTTP API. */
class ArchitectureTest {
  static final JavaClasses WORKER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.millrace.worker");

  @Test
  void theWorkerNeverDependsOnTheServerNorOnJdbc() {
    noClasses()
        .that()
        .resideInAPackage("dev.millrace.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.millrace.server..", "java.sql..", "javax.sql..")
        .check(WORKER);
  }
}
