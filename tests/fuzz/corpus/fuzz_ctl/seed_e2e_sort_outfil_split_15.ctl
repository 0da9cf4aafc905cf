  SORT FIELDS=(atena_no,A)
  OUTFIL FNAMES=MEN,INCLUDE=(seibetsu,EQ,C'1',AND,hokenryo,GT,0)
  OUTFIL FNAMES=WOMEN,INCLUDE=(seibetsu,EQ,C'2')
  OUTFIL FNAMES=REST,SAVE
  OUTFIL FNAMES=REPORT,INCLUDE=(soshitsu_ymd,EQ,C'99999999'),
         BUILD=(atena_no,2X,kana,2X,hokenryo,M12),
         HEADER1=(C'OPEN COVERAGE'),
         TRAILER1=(C'COUNT ',COUNT,C' TOTAL ',TOT=(hokenryo))
