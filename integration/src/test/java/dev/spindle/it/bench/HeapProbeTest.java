package dev.spindle.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Reading the heap in use from jcmd GC.heap_info as JDK 17 prints it for each collector. */
class HeapProbeTest {

  @Test
  void g1HasOneHeapLine() {
    String g1 = """
        19602:
         garbage-first heap   total 20480K, used 2061K [0x0000000700000000, 0x0000000800000000)
          region size 2048K, 0 young (0K), 0 survivors (0K)
         Metaspace       used 74K, committed 320K, reserved 1114112K
          class space    used 3K, committed 128K, reserved 1048576K
        """;
    assertEquals(2061L * 1024, HeapProbe.parseUsedBytes(g1));
  }

  @Test
  void serialAndParallelAddYoungAndOldButNotMetaspace() {
    String serial = """
         def new generation   total 78656K, used 16789K [0x00000000f0000000, 0x00000000f5550000)
          eden space 69952K,  24% used [0x00000000f0000000, 0x00000000f1065668)
         tenured generation   total 174784K, used 100K [0x00000000f5550000, 0x0000000100000000)
           the space 174784K,   0% used [0x00000000f5550000, 0x00000000f5550000)
         Metaspace       used 127K, committed 320K, reserved 1114112K
        """;
    String parallel = """
         PSYoungGen      total 76288K, used 17040K [0x00000000fab00000, 0x0000000100000000)
          eden space 65536K, 26% used [0x00000000fab00000,0x00000000fbba42b0,0x00000000feb00000)
         ParOldGen       total 175104K, used 7K [0x00000000f0000000, 0x00000000fab00000)
         Metaspace       used 125K, committed 320K, reserved 1114112K
        """;
    assertEquals((16789L + 100) * 1024, HeapProbe.parseUsedBytes(serial));
    assertEquals((17040L + 7) * 1024, HeapProbe.parseUsedBytes(parallel));
  }

  @Test
  void aReportWithoutHeapLinesIsAnError() {
    assertThrows(IllegalStateException.class,
        () -> HeapProbe.parseUsedBytes("123:\nCommand executed successfully\n"));
  }
}
