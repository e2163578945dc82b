<?xml version="1.0" encoding="UTF-8"?>
<!--
  DSpace Simple Archive Format: the item's dublin_core.xml (qualified Dublin Core
  in DSpace's default registry), made from the teiHeader with the look-ups of dc.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dep="urn:x-tei-edition:deposit"
    exclude-result-prefixes="xs tei dep">

  <xsl:import href="dc.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template name="dep:dcvalue">
    <xsl:param name="element" as="xs:string"/>
    <xsl:param name="qualifier" as="xs:string" select="'none'"/>
    <xsl:param name="value" as="xs:string*"/>
    <xsl:for-each select="$value[. ne '']">
      <dcvalue element="{$element}" qualifier="{$qualifier}"><xsl:value-of select="."/></dcvalue>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="/">
    <xsl:variable name="h" select="dep:header(.)"/>
    <xsl:if test="empty($h)">
      <xsl:message terminate="yes" error-code="dep:no-header">no teiHeader</xsl:message>
    </xsl:if>
    <dublin_core schema="dc">
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'title'"/>
        <xsl:with-param name="value" select="dep:title($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'title'"/>
        <xsl:with-param name="qualifier" select="'alternative'"/>
        <xsl:with-param name="value" select="dep:subtitle($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'contributor'"/>
        <xsl:with-param name="qualifier" select="'author'"/>
        <xsl:with-param name="value" select="dep:authors($h)/dep:name-inverted(.)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'contributor'"/>
        <xsl:with-param name="qualifier" select="'other'"/>
        <xsl:with-param name="value" select="dep:translators($h)/dep:name-inverted(.)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'date'"/>
        <xsl:with-param name="qualifier" select="'created'"/>
        <xsl:with-param name="value" select="dep:created($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'date'"/>
        <xsl:with-param name="qualifier" select="'issued'"/>
        <xsl:with-param name="value" select="dep:publication-year($h, $bagging-date)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'language'"/>
        <xsl:with-param name="qualifier" select="'iso'"/>
        <xsl:with-param name="value" select="dep:language($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'description'"/>
        <xsl:with-param name="qualifier" select="'abstract'"/>
        <xsl:with-param name="value" select="dep:abstract($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'description'"/>
        <xsl:with-param name="qualifier" select="'sponsorship'"/>
        <xsl:with-param name="value" select="dep:funders($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'source'"/>
        <xsl:with-param name="value" select="dep:source-citation($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'source'"/>
        <xsl:with-param name="qualifier" select="'uri'"/>
        <xsl:with-param name="value" select="dep:source-url($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'rights'"/>
        <xsl:with-param name="value" select="dep:rights($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'rights'"/>
        <xsl:with-param name="qualifier" select="'uri'"/>
        <xsl:with-param name="value" select="dep:rights-uri($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'identifier'"/>
        <xsl:with-param name="qualifier" select="'doi'"/>
        <xsl:with-param name="value" select="dep:doi($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'identifier'"/>
        <xsl:with-param name="qualifier" select="'other'"/>
        <xsl:with-param name="value" select="dep:identifiers($h)/dep:norm(.)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'subject'"/>
        <xsl:with-param name="value" select="dep:subjects($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'publisher'"/>
        <xsl:with-param name="value" select="dep:publisher($h)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'type'"/>
        <xsl:with-param name="value" select="'Text'"/>
      </xsl:call-template>
    </dublin_core>
  </xsl:template>

  <!-- An edition as a whole, from its model (dep:edition, described in dc.xsl): the
       edition's title, editors, publisher, languages, version, address, licence, and
       a relation to each document's page; dated by the site's build. -->
  <xsl:template match="document-node(element(dep:edition))" priority="1">
    <xsl:variable name="e" select="dep:edition"/>
    <dublin_core schema="dc">
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'title'"/>
        <xsl:with-param name="value" select="dep:norm($e/dep:title)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'contributor'"/>
        <xsl:with-param name="qualifier" select="'editor'"/>
        <xsl:with-param name="value" select="$e/dep:editor/dep:norm(.)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'date'"/>
        <xsl:with-param name="qualifier" select="'issued'"/>
        <xsl:with-param name="value" select="substring($e/dep:built, 1, 4)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'language'"/>
        <xsl:with-param name="qualifier" select="'iso'"/>
        <xsl:with-param name="value" select="$e/dep:language/dep:norm(.)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'publisher'"/>
        <xsl:with-param name="value" select="$e/dep:publisher/dep:norm(.)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'description'"/>
        <xsl:with-param name="qualifier" select="'version'"/>
        <xsl:with-param name="value" select="dep:norm($e/dep:version)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'identifier'"/>
        <xsl:with-param name="qualifier" select="'doi'"/>
        <xsl:with-param name="value" select="normalize-space($doi)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'identifier'"/>
        <xsl:with-param name="qualifier" select="'uri'"/>
        <xsl:with-param name="value" select="$e/dep:address/dep:norm(.)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'rights'"/>
        <xsl:with-param name="value" select="$e/dep:licence/dep:norm(.)"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'rights'"/>
        <xsl:with-param name="qualifier" select="'uri'"/>
        <xsl:with-param name="value" select="$e/dep:licence/@target/string()"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'relation'"/>
        <xsl:with-param name="qualifier" select="'haspart'"/>
        <xsl:with-param name="value" select="$e/dep:document/@href/string()"/>
      </xsl:call-template>
      <xsl:call-template name="dep:dcvalue">
        <xsl:with-param name="element" select="'type'"/>
        <xsl:with-param name="value" select="'Collection'"/>
      </xsl:call-template>
    </dublin_core>
  </xsl:template>

</xsl:stylesheet>
