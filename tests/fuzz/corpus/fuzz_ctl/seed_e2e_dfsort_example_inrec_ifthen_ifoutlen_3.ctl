  OPTION COPY
  INREC IFTHEN=(WHEN=(5,2,CH,EQ,C'GP',AND,2,1,BI,EQ,+1),
                BUILD=(1,6,16,20,C'T1',X'0003',1,7,20C'1')),
        IFTHEN=(WHEN=(5,2,CH,EQ,C'GP',AND,2,1,BI,EQ,+2),
                BUILD=(1,6,45,20,C'T2',X'0008',16,7,20C'2')),
        IFTHEN=(WHEN=(5,2,CH,EQ,C'GP',AND,2,1,BI,EQ,+3),
                BUILD=(1,6,31,20,C'T3',X'0005',25,7,20C'3')),
        IFTHEN=(WHEN=NONE,OVERLAY=(27:C'00',X'FFFF')),
        IFOUTLEN=57
