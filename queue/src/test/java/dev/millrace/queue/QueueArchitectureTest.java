package dev.millrace.queue;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The queue is a library of its own: it uses no other Millrace module. */
class QueueArchitectureTest {
  static final JavaClasses QUEUE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.millrace.queue");

  @Test
  void theQueueDependsOnNoOtherMillraceModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.millrace.queue..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.millrace.flow..",
            "dev.millrace.engine..",
            "dev.millrace.piece..",
            "dev.millrace.pieces..",
            "dev.millrace.testkit..",
            "dev.millrace.cli..",
            "dev.millrace.server..",
            "dev.millrace.worker..")
        .check(QUEUE);
  }

  @Test
  void internalsDoNotReachForTheFacades() {
    noClasses()
        .that()
        .resideInAPackage("dev.millrace.queue.internal..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.millrace.queue.Queue")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.millrace.queue.Worker")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.millrace.queue.QueueEvents")
        .check(QUEUE);
  }
}
