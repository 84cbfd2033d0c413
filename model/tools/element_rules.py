"""Rules a model directory names in metadata.json's "element_rules", applied in order to the decoded
chunks [(type, start, end)] of one address. io.github.addrstd.model.ElementRule is the same in Java
(the parity file's chunks, decoded with the rules, check that they agree).

  later-poi-is-subpoi  an address names one POI: a later chunk tagged poi is a finer place inside the
                       first, MGeo's subpoi (联合市场 + C区). In the NAACL 2019 train split 50 of 8,957
                       addresses carry a second poi against 2,021 subpoi after one.
"""
LATER_POI_IS_SUBPOI = "later-poi-is-subpoi"


def later_poi_is_subpoi(chunks):
    out, seen = [], False
    for etype, start, end in chunks:
        if etype == "poi":
            etype, seen = ("subpoi" if seen else "poi"), True
        out.append((etype, start, end))
    return out


RULES = {LATER_POI_IS_SUBPOI: later_poi_is_subpoi}


def apply(names, chunks):
    for name in names:
        chunks = RULES[name](chunks)
    return chunks
