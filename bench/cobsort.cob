      * cobsort.cob: the bench's GnuCOBOL SORT verb: 200-byte
      * records, key bytes 1-10 ascending then 11-18 descending,
      * duplicates kept in input order (stable).
       IDENTIFICATION DIVISION.
       PROGRAM-ID. COBSORT.
       ENVIRONMENT DIVISION.
       INPUT-OUTPUT SECTION.
       FILE-CONTROL.
           SELECT SORTIN  ASSIGN TO "SORTIN"
               ORGANIZATION LINE SEQUENTIAL.
           SELECT SORTOUT ASSIGN TO "SORTOUT"
               ORGANIZATION LINE SEQUENTIAL.
           SELECT SORTWK  ASSIGN TO "SORTWK".
       DATA DIVISION.
       FILE SECTION.
       FD  SORTIN.
       01  IN-REC              PIC X(200).
       FD  SORTOUT.
       01  OUT-REC             PIC X(200).
       SD  SORTWK.
       01  WK-REC.
           05  WK-K1           PIC X(10).
           05  WK-K2           PIC X(8).
           05  FILLER          PIC X(182).
       PROCEDURE DIVISION.
           SORT SORTWK ON ASCENDING KEY WK-K1 ON DESCENDING KEY WK-K2
               WITH DUPLICATES IN ORDER
               USING SORTIN GIVING SORTOUT.
           STOP RUN.
