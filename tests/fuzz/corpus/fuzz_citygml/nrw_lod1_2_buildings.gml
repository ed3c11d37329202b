<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<core:CityModel xmlns="http://www.opengis.net/citygml/1.0"
xmlns:core="http://www.opengis.net/citygml/1.0"
xmlns:gen="http://www.opengis.net/citygml/generics/1.0"
xmlns:bldg="http://www.opengis.net/citygml/building/1.0"
xmlns:gml="http://www.opengis.net/gml"
xmlns:xal="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0"
xmlns:xlink="http://www.w3.org/1999/xlink"
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
xsi:schemaLocation="http://www.opengis.net/citygml/1.0 http://repository.gdi-de.org/schemas/adv/citygml/1.0/cityGMLBaseLoD1.xsd
http://www.opengis.net/citygml/building/1.0 http://repository.gdi-de.org/schemas/adv/citygml/building/1.0/buildingLoD1.xsd
http://www.opengis.net/citygml/generics/1.0 http://repository.gdi-de.org/schemas/adv/citygml/generics/1.0/genericsLoD1.xsd">
  <gml:name>LoD1_470_5757_1_NW</gml:name>
  <gml:boundedBy>
    <gml:Envelope srsName="urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016">
      <gml:lowerCorner srsDimension="3">470000.0 5757000.0 0.0</gml:lowerCorner>
      <gml:upperCorner srsDimension="3">471000.0 5758000.0 179.494</gml:upperCorner>
    </gml:Envelope>
  </gml:boundedBy>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW13AL0000ayBE">
      <core:creationDate>2018-02-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW13AL0000ayBE</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="DatenquelleDachhoehe">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleLage">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05711000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleBodenhoehe">
        <gen:value>1100</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="BezugspunktDach">
        <gen:value>2000</gen:value>
      </gen:stringAttribute>
      <bldg:function>31001_2460</bldg:function>
      <bldg:measuredHeight uom="urn:adv:uom:m">2.406</bldg:measuredHeight>
      <bldg:lod1Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470015.143 5757187.905 153.197 470012.201 5757193.165 153.197 470006.958 5757190.233 153.197 470009.897 5757184.972 153.197 470015.143 5757187.905 153.197</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470015.143 5757187.905 150.791 470009.897 5757184.972 150.791 470006.958 5757190.233 150.791 470012.201 5757193.165 150.791 470015.143 5757187.905 150.791</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470009.897 5757184.972 153.197 470009.897 5757184.972 150.791 470015.143 5757187.905 150.791 470015.143 5757187.905 153.197 470009.897 5757184.972 153.197</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470006.958 5757190.233 153.197 470006.958 5757190.233 150.791 470009.897 5757184.972 150.791 470009.897 5757184.972 153.197 470006.958 5757190.233 153.197</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470012.201 5757193.165 153.197 470012.201 5757193.165 150.791 470006.958 5757190.233 150.791 470006.958 5757190.233 153.197 470012.201 5757193.165 153.197</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470015.143 5757187.905 153.197 470015.143 5757187.905 150.791 470012.201 5757193.165 150.791 470012.201 5757193.165 153.197 470015.143 5757187.905 153.197</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod1Solid>
      <bldg:address>
        <core:Address>
          <core:xalAddress>
            <xal:AddressDetails>
              <xal:Country>
                <xal:CountryName>Germany</xal:CountryName>
                <xal:Locality Type="Town">
                  <xal:LocalityName>Bielefeld</xal:LocalityName>
                  <xal:Thoroughfare Type="Street">
                    <xal:ThoroughfareNumber>13</xal:ThoroughfareNumber>
                    <xal:ThoroughfareName>Klaberkampweg</xal:ThoroughfareName>
                  </xal:Thoroughfare>
                </xal:Locality>
              </xal:Country>
            </xal:AddressDetails>
          </core:xalAddress>
          <core:multiPoint>
            <gml:MultiPoint>
              <gml:pointMember>
                <gml:Point>
                  <gml:pos srsDimension="3">470011.05 5757189.069 0.0</gml:pos>
                </gml:Point>
              </gml:pointMember>
            </gml:MultiPoint>
          </core:multiPoint>
        </core:Address>
      </bldg:address>
    </bldg:Building>
  </core:cityObjectMember>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW13AL0000ayCN">
      <core:creationDate>2018-02-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW13AL0000ayCN</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="DatenquelleDachhoehe">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleLage">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05711000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleBodenhoehe">
        <gen:value>1100</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="BezugspunktDach">
        <gen:value>2000</gen:value>
      </gen:stringAttribute>
      <bldg:function>31001_2460</bldg:function>
      <bldg:measuredHeight uom="urn:adv:uom:m">3.716</bldg:measuredHeight>
      <bldg:lod1Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470065.35 5757558.651 160.192 470061.53 5757563.775 160.192 470058.926 5757561.814 160.192 470062.769 5757556.68 160.192 470065.35 5757558.651 160.192</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470065.35 5757558.651 157.08 470062.769 5757556.68 157.08 470058.926 5757561.814 157.08 470061.53 5757563.775 157.08 470065.35 5757558.651 157.08</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470062.769 5757556.68 160.192 470062.769 5757556.68 157.08 470065.35 5757558.651 157.08 470065.35 5757558.651 160.192 470062.769 5757556.68 160.192</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470058.926 5757561.814 160.192 470058.926 5757561.814 157.08 470062.769 5757556.68 157.08 470062.769 5757556.68 160.192 470058.926 5757561.814 160.192</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470061.53 5757563.775 160.192 470061.53 5757563.775 157.08 470058.926 5757561.814 157.08 470058.926 5757561.814 160.192 470061.53 5757563.775 160.192</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
              <gml:surfaceMember>
                <gml:Polygon>
                  <gml:exterior>
                    <gml:LinearRing>
                      <gml:posList srsDimension="3">470065.35 5757558.651 160.192 470065.35 5757558.651 157.08 470061.53 5757563.775 157.08 470061.53 5757563.775 160.192 470065.35 5757558.651 160.192</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod1Solid>
      <bldg:address>
        <core:Address>
          <core:xalAddress>
            <xal:AddressDetails>
              <xal:Country>
                <xal:CountryName>Germany</xal:CountryName>
                <xal:Locality Type="Town">
                  <xal:LocalityName>Bielefeld</xal:LocalityName>
                  <xal:Thoroughfare Type="Street">
                    <xal:ThoroughfareNumber>42</xal:ThoroughfareNumber>
                    <xal:ThoroughfareName>Pferdekampweg</xal:ThoroughfareName>
                  </xal:Thoroughfare>
                </xal:Locality>
              </xal:Country>
            </xal:AddressDetails>
          </core:xalAddress>
          <core:multiPoint>
            <gml:MultiPoint>
              <gml:pointMember>
                <gml:Point>
                  <gml:pos srsDimension="3">470062.138 5757560.241 0.0</gml:pos>
                </gml:Point>
              </gml:pointMember>
            </gml:MultiPoint>
          </core:multiPoint>
        </core:Address>
      </bldg:address>
    </bldg:Building>
  </core:cityObjectMember>
</core:CityModel>
