package dev.millrace.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module rules of architecture §6, checked on the compiled classes. */
class ArchitectureTest {
  static final JavaClasses MILLRACE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.millrace");

  @Test
  void theEngineNeverTouchesRedisOrJdbc() {
    noClasses()
        .that()
        .resideInAPackage("dev.millrace.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..",
            "javax.sql..",
            "io.lettuce..",
            "redis.clients..",
            "dev.millrace.queue..",
            "dev.millrace.server..",
            "dev.millrace.worker..")
        .check(MILLRACE);
  }

  @Test
  void piecesSeeOnlyThePieceApi() {
    classes()
        .that()
        .resideInAPackage("dev.millrace.pieces..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.millrace.pieces..",
            "dev.millrace.piece..",
            "dev.millrace.flow..",
            "java..",
            "javax.crypto..",
            "com.fasterxml.jackson..")
        .check(MILLRACE);
  }

  @Test
  void theFlowModelIsPure() {
    noClasses()
        .that()
        .resideInAPackage("dev.millrace.flow..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.net..",
            "java.sql..",
            "java.nio.file..",
            "dev.millrace.engine..",
            "dev.millrace.piece..")
        .check(MILLRACE);
  }
}
