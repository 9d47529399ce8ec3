#!/usr/bin/env python3
"""An independent, plain-Python implementation of DESIGN.md section 7 (SES, Holt, moving average,
Croston, the 0.1..0.9 grid fit with its tie rule, auto's MAD over the common window), written
separately from src/analytics/forecast to cross-check the values asserted in
tests/analytics_forecast.rs. Prints, per candidate: name, fitted parameters, MAD over the common
window, F(1). Holt-Winters is checked by hand in the tests instead.
"""
import itertools
G=[i/10 for i in range(1,10)]
def ses(y,a):
    l=y[0];f=[]
    for v in y: f.append(l); l=a*v+(1-a)*l
    return f,1,lambda h:l
def holt(y,a,b,phi=1.0):
    l=y[0];t=y[1]-y[0];f=[]
    for v in y:
        fc=l+phi*t;f.append(fc);nl=a*v+(1-a)*fc;t=b*(nl-l)+(1-b)*phi*t;l=nl
    return f,2,lambda h:l+sum(phi**i for i in range(1,h+1))*t
def ma(y,n=3):
    f=[0]*len(y)
    for k in range(n,len(y)): f[k]=sum(y[k-n:k])/n
    return f,n,lambda h:sum(y[-n:])/n
def croston(y,a):
    k0=next(i for i,v in enumerate(y) if v>0);z=y[k0];p=k0+1;q=1;f=[0]*len(y);nxt=(1-a/2)*z/p
    for k in range(k0+1,len(y)):
        f[k]=nxt
        if y[k]>0: z=a*y[k]+(1-a)*z;p=a*q+(1-a)*p;q=1
        else: q+=1
        nxt=(1-a/2)*z/p
    return f,k0+1,lambda h:nxt
def sse(y,f,s): return sum((y[k]-f[k])**2 for k in range(s,len(y)))
def best(fn,y,grids):
    b=None
    for ps in itertools.product(*grids):
        f,s,F=fn(y,*ps);e=sse(y,f,s)
        if b is None or e<b[0]: b=(e,ps,f,s,F)
    return b
def auto(y):
    c=[("ses",best(ses,y,[G])),("holt",best(holt,y,[G,G]))]
    if sum(1 for v in y if v==0)/len(y)>=0.3: c.append(("croston",best(croston,y,[G])))
    c.append(("ma",best(ma,y,[[3]])))
    smax=max(b[3] for _,b in c)
    for n,b in c:
        f=b[2];mad=sum(abs(y[k]-f[k]) for k in range(smax,len(y)))/(len(y)-smax);print(n,b[1],mad,b[4](1))
auto([float(i) for i in range(1,11)])
auto([0.0, 0.0, 6.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 7.0, 0.0, 0.0, 0.0, 6.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0])
