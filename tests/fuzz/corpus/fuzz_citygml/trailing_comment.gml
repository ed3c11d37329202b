<?xml version="1.0" encoding="UTF-8"?>
<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:gml="http://www.opengis.net/gml">
<gml:boundedBy><gml:Envelope srsName="EPSG:25832" srsDimension="3">
  <gml:lowerCorner>365000 5713000 50</gml:lowerCorner><gml:upperCorner>365010 5713010 56</gml:upperCorner>
</gml:Envelope></gml:boundedBy>
<core:cityObjectMember><bldg:Building gml:id="B1">
  <bldg:function>31001_1000</bldg:function>
  <bldg:boundedBy><bldg:GroundSurface gml:id="g"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">365000 5713000 50 365000 5713010 50 365010 5713010 50 365010 5713000 50 365000 5713000 50</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:GroundSurface></bldg:boundedBy>
  <bldg:boundedBy><bldg:RoofSurface gml:id="r"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">365000 5713000 56 365010 5713000 56 365010 5713010 56 365000 5713010 56 365000 5713000 56</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:RoofSurface></bldg:boundedBy>
  <bldg:boundedBy><bldg:WallSurface gml:id="w1"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">365000 5713000 50 365010 5713000 50 365010 5713000 56 365000 5713000 56 365000 5713000 50</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:WallSurface></bldg:boundedBy>
  <bldg:boundedBy><bldg:WallSurface gml:id="w2"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">365010 5713000 50 365010 5713010 50 365010 5713010 56 365010 5713000 56 365010 5713000 50</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:WallSurface></bldg:boundedBy>
  <bldg:boundedBy><bldg:WallSurface gml:id="w3"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">365010 5713010 50 365000 5713010 50 365000 5713010 56 365010 5713010 56 365010 5713010 50</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:WallSurface></bldg:boundedBy>
  <bldg:boundedBy><bldg:WallSurface gml:id="w4"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">365000 5713010 50 365000 5713000 50 365000 5713000 56 365000 5713010 56 365000 5713010 50</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:WallSurface></bldg:boundedBy>
  <bldg:boundedBy><bldg:RoofSurface gml:id="odd"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">365002 5713002 56 365004 5713002 56 365003 5713003 56 365002 5713004 56 365002 5713002 56</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:RoofSurface></bldg:boundedBy>
</bldg:Building></core:cityObjectMember>
</core:CityModel>
<!-- end -->
<?pi x?>
