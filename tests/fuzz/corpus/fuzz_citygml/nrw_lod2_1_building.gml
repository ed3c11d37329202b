<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<core:CityModel xmlns="http://www.opengis.net/citygml/1.0" xmlns:core="http://www.opengis.net/citygml/1.0" xmlns:gen="http://www.opengis.net/citygml/generics/1.0" xmlns:grp="http://www.opengis.net/citygml/cityobjectgroup/1.0" xmlns:app="http://www.opengis.net/citygml/appearance/1.0" xmlns:bldg="http://www.opengis.net/citygml/building/1.0" xmlns:gml="http://www.opengis.net/gml" xmlns:xAL="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/citygml/1.0 http://repository.gdi-de.org/schemas/adv/citygml/1.0/cityGMLBaseLoD2.xsd http://www.opengis.net/citygml/building/1.0 http://repository.gdi-de.org/schemas/adv/citygml/building/1.0/buildingLoD2.xsd http://www.opengis.net/citygml/appearance/1.0 http://repository.gdi-de.org/schemas/adv/citygml/appearance/1.0/appearanceLoD2.xsd http://www.opengis.net/citygml/generics/1.0 http://repository.gdi-de.org/schemas/adv/citygml/generics/1.0/genericsLoD2.xsd http://www.opengis.net/citygml/cityobjectgroup/1.0 http://repository.gdi-de.org/schemas/adv/citygml/cityobjectgroup/1.0/cityObjectGroupLoD2.xsd">
  <gml:name>LoD2_32_365_5713_1_NW</gml:name>
  <gml:boundedBy>
    <gml:Envelope srsName="urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016">
      <gml:lowerCorner srsDimension="3">365000.0 5713000.0 43.707</gml:lowerCorner>
      <gml:upperCorner srsDimension="3">366000.0 5714000.0 79.577</gml:upperCorner>
    </gml:Envelope>
  </gml:boundedBy>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW48AL1000B3bO">
      <core:creationDate>2021-01-24</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW48AL1000B3bO</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="DatenquelleDachhoehe">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Geometrietyp2DReferenz">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05513000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleBodenhoehe">
        <gen:value>1100</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleLage">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Grundrissaktualitaet">
        <gen:value>2020-07-01</gen:value>
      </gen:stringAttribute>
      <bldg:function>31001_2724</bldg:function>
      <bldg:roofType>9999</bldg:roofType>
      <bldg:measuredHeight uom="urn:adv:uom:m">2.949</bldg:measuredHeight>
      <bldg:lod2Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface>
              <gml:surfaceMember xlink:href="#UUID_805c577c-7b2e-4a06-81e8-61c70165bb3b"/>
              <gml:surfaceMember xlink:href="#UUID_902629a2-bb36-4d2b-bcd9-3e55c493ba6e"/>
              <gml:surfaceMember xlink:href="#UUID_10c7f879-f915-425d-9ea0-d73237be58e5"/>
              <gml:surfaceMember xlink:href="#UUID_34154f68-3601-43cb-945c-b205169676eb"/>
              <gml:surfaceMember xlink:href="#UUID_ad46fdd3-71b6-414e-b508-a215e9b424c8"/>
              <gml:surfaceMember xlink:href="#UUID_4d0330d4-8a14-46ce-bca7-312c584f6ac2"/>
            </gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod2Solid>
      <bldg:lod2TerrainIntersection>
        <gml:MultiCurve>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">365404.737 5713313.775 46.307 365404.74 5713313.74 46.307 365404.8 5713313.0 46.324 365404.815 5713312.815 46.326 365404.88 5713312.0 46.319 365404.889 5713311.889 46.32 365404.961 5713311.0 46.31 365404.964 5713310.964 46.311 365405.0 5713310.518 46.324 365405.039 5713310.039 46.341 365405.042 5713310.0 46.342 365405.113 5713309.113 46.345 365405.123 5713309.0 46.345 365405.188 5713308.188 46.364 365405.203 5713308.0 46.366 365405.263 5713307.263 46.375 365405.284 5713307.0 46.379 365405.338 5713306.338 46.387 365405.365 5713306.0 46.395 365405.367 5713305.973 46.395</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">365402.661 5713305.724 46.357 365402.73 5713305.73 46.36 365403.0 5713305.755 46.362 365403.832 5713305.832 46.378 365404.0 5713305.847 46.378 365404.933 5713305.933 46.379 365405.0 5713305.939 46.381 365405.367 5713305.973 46.395</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">365402.114 5713313.592 46.238 365402.145 5713313.145 46.234 365402.155 5713313.0 46.236 365402.21 5713312.21 46.246 365402.225 5713312.0 46.249 365402.275 5713311.275 46.258 365402.294 5713311.0 46.259 365402.34 5713310.34 46.267 365402.364 5713310.0 46.278 365402.405 5713309.405 46.292 365402.433 5713309.0 46.289 365402.47 5713308.47 46.289 365402.503 5713308.0 46.3 365402.535 5713307.535 46.311 365402.572 5713307.0 46.317 365402.6 5713306.6 46.326 365402.642 5713306.0 46.346 365402.661 5713305.724 46.357</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">365402.114 5713313.592 46.238 365402.628 5713313.628 46.249 365403.0 5713313.654 46.263 365403.703 5713313.703 46.277 365404.0 5713313.724 46.286 365404.737 5713313.775 46.307</gml:posList>
            </gml:LineString>
          </gml:curveMember>
        </gml:MultiCurve>
      </bldg:lod2TerrainIntersection>
      <bldg:boundedBy>
        <bldg:RoofSurface>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember>
                <gml:Polygon gml:id="UUID_10c7f879-f915-425d-9ea0-d73237be58e5">
                  <gml:exterior>
                    <gml:LinearRing gml:id="UUID_10c7f879-f915-425d-9ea0-d73237be58e5_0_">
                      <gml:posList srsDimension="3">365402.114 5713313.592 49.183 365402.661 5713305.724 49.183 365405.367 5713305.973 49.183 365404.737 5713313.775 49.183 365402.114 5713313.592 49.183</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember>
                <gml:Polygon gml:id="UUID_805c577c-7b2e-4a06-81e8-61c70165bb3b">
                  <gml:exterior>
                    <gml:LinearRing gml:id="UUID_805c577c-7b2e-4a06-81e8-61c70165bb3b_0_">
                      <gml:posList srsDimension="3">365404.737 5713313.775 49.183 365405.367 5713305.973 49.183 365405.367 5713305.973 46.234 365404.737 5713313.775 46.234 365404.737 5713313.775 49.183</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember>
                <gml:Polygon gml:id="UUID_34154f68-3601-43cb-945c-b205169676eb">
                  <gml:exterior>
                    <gml:LinearRing gml:id="UUID_34154f68-3601-43cb-945c-b205169676eb_0_">
                      <gml:posList srsDimension="3">365405.367 5713305.973 49.183 365402.661 5713305.724 49.183 365402.661 5713305.724 46.234 365405.367 5713305.973 46.234 365405.367 5713305.973 49.183</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember>
                <gml:Polygon gml:id="UUID_4d0330d4-8a14-46ce-bca7-312c584f6ac2">
                  <gml:exterior>
                    <gml:LinearRing gml:id="UUID_4d0330d4-8a14-46ce-bca7-312c584f6ac2_0_">
                      <gml:posList srsDimension="3">365402.661 5713305.724 49.183 365402.114 5713313.592 49.183 365402.114 5713313.592 46.234 365402.661 5713305.724 46.234 365402.661 5713305.724 49.183</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember>
                <gml:Polygon gml:id="UUID_ad46fdd3-71b6-414e-b508-a215e9b424c8">
                  <gml:exterior>
                    <gml:LinearRing gml:id="UUID_ad46fdd3-71b6-414e-b508-a215e9b424c8_0_">
                      <gml:posList srsDimension="3">365402.114 5713313.592 49.183 365404.737 5713313.775 49.183 365404.737 5713313.775 46.234 365402.114 5713313.592 46.234 365402.114 5713313.592 49.183</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember>
                <gml:Polygon gml:id="UUID_902629a2-bb36-4d2b-bcd9-3e55c493ba6e">
                  <gml:exterior>
                    <gml:LinearRing gml:id="UUID_902629a2-bb36-4d2b-bcd9-3e55c493ba6e_0_">
                      <gml:posList srsDimension="3">365404.737 5713313.775 46.234 365405.367 5713305.973 46.234 365402.661 5713305.724 46.234 365402.114 5713313.592 46.234 365404.737 5713313.775 46.234</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
      <bldg:address>
        <core:Address gml:id="UUID_353fcd23-40bf-4a1e-a02d-3dcec04e330c">
          <core:xalAddress>
            <xAL:AddressDetails>
              <xAL:Country>
                <xAL:CountryName>Germany</xAL:CountryName>
                <xAL:Locality Type="Town">
                  <xAL:LocalityName>Gelsenkirchen</xAL:LocalityName>
                  <xAL:Thoroughfare Type="Street">
                    <xAL:ThoroughfareNumber>255</xAL:ThoroughfareNumber>
                    <xAL:ThoroughfareName>Kurt-Schumacher-Straße</xAL:ThoroughfareName>
                  </xAL:Thoroughfare>
                </xAL:Locality>
              </xAL:Country>
            </xAL:AddressDetails>
          </core:xalAddress>
        </core:Address>
      </bldg:address>
    </bldg:Building>
  </core:cityObjectMember>
</core:CityModel>
